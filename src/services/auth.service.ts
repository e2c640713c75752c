import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../domain/app-error.ts';
import { checkPassword } from '../domain/security/password-rules.ts';
import { effectivePermissions, isPermission, ROLE_PRESETS } from '../domain/security/permissions.ts';
import { createAccessRepository } from '../store/access.repository.ts';
import type { Database } from '../store/database.ts';
import { createStaffRepository, type StaffUser } from '../store/staff.repository.ts';
import type { AccessContext, AuditTrail } from './access.ts';
import type { Clock } from './ticket.service.ts';

// A hash computed once at start so that a login with an unknown username costs as much as a wrong
// password: response time must not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export interface AuthServiceDeps {
  database: Database;
  clock: Clock;
  sessionIdleMinutes: number;
  /** Lock-out after repeated failed logins; defaults in DEFAULT_LOGIN_LIMITS. */
  loginLimits?: LoginLimits;
  audit?: AuditTrail;
}

export interface LoginLimits {
  /** Failures of one account within the window that lock it. */
  perAccount: number;
  /** Failures from one client address within the window that lock the address. */
  perIp: number;
  windowMinutes: number;
  lockMinutes: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perAccount: 5,
  perIp: 20,
  windowMinutes: 15,
  lockMinutes: 15,
};

/** API tokens start with this, so secret scanners and people recognise them. */
export const API_TOKEN_PREFIX = 'clt_';
/** How much of a session's token hash identifies it in lists (enough to be unique, useless to an attacker). */
export const SESSION_ID_CHARS = 16;

export interface LoginResult {
  token: string;
  user: StaffUser;
  expiresAt: Date;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function createAuthService(deps: AuthServiceDeps) {
  const staff = createStaffRepository(deps.database.db);
  const access = createAccessRepository(deps.database.db);
  const idleMs = deps.sessionIdleMinutes * 60_000;
  const limits = deps.loginLimits ?? DEFAULT_LOGIN_LIMITS;
  const audit = deps.audit;

  /** An account, role or token change made by a staff member: one audit row. */
  async function recordStaffAction(
    by: AccessContext,
    at: Date,
    action: string,
    target: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await audit?.record({
      at,
      actorType: 'staff',
      actorId: by.user.id,
      actorName: by.user.username,
      ip: by.ip ?? null,
      action,
      target,
      ...(details ? { details } : {}),
    });
  }

  async function contextFor(
    user: StaffUser,
    via: 'session' | 'token',
    extra: { tokenId?: number; scopes?: string[]; ip?: string } = {},
    known?: { role: string[]; grants: string[] },
  ): Promise<AccessContext> {
    const sources = known ?? (await access.permissionSources(user.role, user.id));
    return {
      user,
      permissions: effectivePermissions(sources.role, sources.grants, extra.scopes),
      via,
      ...(extra.tokenId !== undefined ? { tokenId: extra.tokenId } : {}),
      ...(extra.ip !== undefined ? { ip: extra.ip } : {}),
    };
  }

  /** The live session of a token, its user and their permission sources; keeps the session alive. */
  async function sessionOf(token: string) {
    const now = deps.clock();
    const found = await staff.findSession(hashToken(token), now);
    if (!found) return null;
    // Touch at most once a minute: a busy console must not write on every request.
    if (now.getTime() - found.session.lastSeenAt.getTime() > 60_000) {
      await staff.touchSession(found.session.tokenHash, now, new Date(now.getTime() + idleMs));
    }
    return found;
  }

  const lockedError = (until: Date, now: Date) =>
    new AppError(
      'AUTH_LOCKED',
      `Too many failed logins. Try again in ${Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000))} minutes.`,
    );

  function requireValidPermissions(list: string[], field: string): void {
    const bad = list.filter((p) => !isPermission(p));
    if (bad.length)
      throw new AppError('VALIDATION_FAILED', `Unknown permissions: ${bad.join(', ')}.`, { field });
  }

  return {
    /**
     * First start with an empty database: create the institution's first admin. The password comes from
     * CARELOOP_ADMIN_PASSWORD, or is generated and returned so the caller prints it once.
     */
    async bootstrapAdmin(
      password: string | undefined,
    ): Promise<{ created: boolean; generatedPassword?: string }> {
      if ((await staff.count()) > 0) return { created: false };
      const generated = password ? undefined : randomBytes(12).toString('base64url');
      try {
        await staff.create({
          username: 'admin',
          displayName: 'Administrator',
          role: 'admin',
          departmentId: null,
          passwordHash: await hashPassword(password ?? generated!),
        });
      } catch (err) {
        // Several servers started at once on an empty database race to this point; the losers find the
        // admin the winner created (unique username), which is all they wanted.
        const code =
          (err as { code?: string; cause?: { code?: string } }).code ??
          (err as { cause?: { code?: string } }).cause?.code;
        if (code === '23505') return { created: false };
        throw err;
      }
      return generated ? { created: true, generatedPassword: generated } : { created: true };
    },

    async login(
      username: string,
      password: string,
      meta: { ip?: string; userAgent?: string },
    ): Promise<LoginResult> {
      const now = deps.clock();
      // Lock-out per account and per client address. Unknown usernames are counted like known ones, so
      // a lock-out says nothing about which accounts exist.
      const userKey = `user:${username.trim().toLowerCase()}`;
      const ipKey = meta.ip ? `ip:${meta.ip}` : undefined;
      for (const key of [userKey, ipKey]) {
        const a = key ? await access.attempt(key) : null;
        if (a?.lockedUntil && a.lockedUntil > now) throw lockedError(a.lockedUntil, now);
      }
      const user = await staff.findForLogin(username);
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      let ok = false;
      if (user) ok = await verify(user.passwordHash, password);
      else await verify(await dummyHash, password);
      if (!user || !ok || !user.active) {
        const windowMs = limits.windowMinutes * 60_000;
        const lockMs = limits.lockMinutes * 60_000;
        const u = await access.recordFailure(userKey, now, { windowMs, lockMs, limit: limits.perAccount });
        if (ipKey) await access.recordFailure(ipKey, now, { windowMs, lockMs, limit: limits.perIp });
        await audit?.record({
          at: now,
          actorType: 'staff',
          actorId: user?.id ?? null,
          actorName: username.slice(0, 100),
          ip: meta.ip ?? null,
          action: 'auth.login_failed',
          details: { failures: u.failures, locked: u.lockedUntil !== null && u.lockedUntil > now },
        });
        throw new AppError('AUTH_INVALID_CREDENTIALS', 'Wrong username or password.');
      }
      await access.clearAttempts(userKey);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + idleMs);
      await staff.createSession({
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      });
      const { passwordHash: _omit, ...plain } = user;
      await audit?.record({
        at: now,
        actorType: 'staff',
        actorId: user.id,
        actorName: user.username,
        ip: meta.ip ?? null,
        action: 'auth.login',
        target: `session:${hashToken(token).slice(0, SESSION_ID_CHARS)}`,
      });
      return { token, user: plain, expiresAt };
    },

    /**
     * Who is calling, from a session cookie or an API token (`Authorization: Bearer clt_…`), with their
     * permissions; null when neither is valid.
     */
    async authenticateRequest(creds: {
      sessionToken?: string | undefined;
      bearer?: string | undefined;
      ip?: string;
    }): Promise<AccessContext | null> {
      const ipPart = creds.ip !== undefined ? { ip: creds.ip } : {};
      if (creds.bearer !== undefined) {
        if (!creds.bearer.startsWith(API_TOKEN_PREFIX)) return null;
        const now = deps.clock();
        const found = await access.findLiveToken(hashToken(creds.bearer), now);
        if (!found) return null;
        const user = await staff.findById(found.userId);
        if (!user) return null;
        if (!found.token.lastUsedAt || now.getTime() - found.token.lastUsedAt.getTime() > 60_000) {
          await access.touchToken(found.token.id, now);
        }
        return contextFor(user, 'token', { tokenId: found.token.id, scopes: found.token.scopes, ...ipPart });
      }
      if (creds.sessionToken === undefined) return null;
      const found = await sessionOf(creds.sessionToken);
      return found ? contextFor(found.user, 'session', ipPart, found) : null;
    },

    /** The permissions a user has now (role + grants). */
    async contextOf(user: StaffUser): Promise<AccessContext> {
      return contextFor(user, 'session');
    },

    async seedRoles(): Promise<void> {
      await access.seedRoles(ROLE_PRESETS);
    },

    // ---- administration (the routes check users.manage / roles.manage / tokens.manage) ----

    async listUsers() {
      const users = await staff.list();
      return Promise.all(users.map(async (u) => ({ ...u, grants: await access.grantsOf(u.id) })));
    },

    async updateUser(
      id: number,
      patch: {
        displayName?: string;
        role?: string;
        departmentId?: number | null;
        active?: boolean;
        grants?: string[];
      },
      by: AccessContext,
    ): Promise<StaffUser & { grants: string[] }> {
      const now = deps.clock();
      if (patch.role !== undefined && !(await access.findRole(patch.role))) {
        throw new AppError('VALIDATION_FAILED', `No role "${patch.role}".`, { field: 'role' });
      }
      if (patch.grants) requireValidPermissions(patch.grants, 'grants');
      if (id === by.user.id && patch.active === false) {
        throw new AppError('VALIDATION_FAILED', 'You cannot disable your own account.', { field: 'active' });
      }
      const { grants, ...columns } = patch;
      const user = await staff.update(id, columns);
      if (!user) throw new AppError('USER_NOT_FOUND', `No user ${id}.`);
      if (grants) await access.setGrants(id, [...new Set(grants)], by.user.id, now);
      if (patch.active === false) {
        // A disabled account loses its sessions and tokens at once, not at their expiry.
        await staff.deleteSessionsOf(id);
        await access.revokeTokensOf(id, now);
      }
      await recordStaffAction(by, now, 'user.update', `user:${id}`, { ...patch });
      return { ...user, grants: await access.grantsOf(id) };
    },

    async resetPassword(id: number, password: string, by: AccessContext): Promise<void> {
      const user = await staff.findById(id);
      if (!user) throw new AppError('USER_NOT_FOUND', `No user ${id}.`);
      checkPassword(password, user.username);
      await staff.update(id, { passwordHash: await hashPassword(password) });
      // Whoever held the old password is logged out everywhere.
      await staff.deleteSessionsOf(id);
      await recordStaffAction(by, deps.clock(), 'user.password_reset', `user:${id}`);
    },

    async listSessions(userId: number) {
      const rows = await staff.sessionsOf(userId, deps.clock());
      return rows.map((s) => ({
        id: s.tokenHash.slice(0, SESSION_ID_CHARS),
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        ip: s.ip,
        userAgent: s.userAgent,
      }));
    },

    async revokeSession(userId: number, sessionId: string, by: AccessContext): Promise<void> {
      if (!(await staff.deleteSessionById(userId, sessionId))) {
        throw new AppError('SESSION_NOT_FOUND', 'No such session.');
      }
      await audit?.record({
        at: deps.clock(),
        actorType: by.via === 'token' ? 'token' : 'staff',
        actorId: by.user.id,
        actorName: by.user.username,
        ip: by.ip ?? null,
        action: 'session.revoke',
        target: `user:${userId}/session:${sessionId}`,
      });
    },

    async listRoles() {
      return access.listRoles();
    },

    async setRole(
      role: { name: string; description?: string; permissions: string[] },
      by: AccessContext,
    ): Promise<void> {
      requireValidPermissions(role.permissions, 'permissions');
      const now = deps.clock();
      await access.upsertRole(
        { name: role.name, description: role.description ?? '', permissions: [...new Set(role.permissions)] },
        now,
      );
      await recordStaffAction(by, now, 'role.update', `role:${role.name}`, { permissions: role.permissions });
    },

    /** A new API token; the token itself is returned once and never stored. */
    async createToken(
      input: { name: string; userId: number; scopes: string[]; expiresAt?: Date | null },
      by: AccessContext,
    ) {
      requireValidPermissions(input.scopes, 'scopes');
      const user = await staff.findById(input.userId);
      if (!user?.active) throw new AppError('USER_NOT_FOUND', `No active user ${input.userId}.`);
      const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const now = deps.clock();
      const created = await access.createToken({
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        userId: input.userId,
        scopes: [...new Set(input.scopes)],
        createdBy: by.user.id,
        createdAt: now,
        expiresAt: input.expiresAt ?? null,
      });
      await recordStaffAction(by, now, 'token.create', `token:${created.id}`, {
        name: input.name,
        userId: input.userId,
        scopes: created.scopes,
      });
      return { token, ...created };
    },

    async listTokens() {
      return access.listTokens();
    },

    async revokeToken(id: number, by: AccessContext): Promise<void> {
      const now = deps.clock();
      if (!(await access.revokeToken(id, now))) throw new AppError('TOKEN_NOT_FOUND', `No live token ${id}.`);
      await recordStaffAction(by, now, 'token.revoke', `token:${id}`);
    },

    /** The user behind a session token, sliding the expiry forward; null when not logged in. */
    async authenticate(token: string): Promise<StaffUser | null> {
      return (await sessionOf(token))?.user ?? null;
    },

    async logout(token: string): Promise<void> {
      await staff.deleteSession(hashToken(token));
    },

    async createUser(
      input: {
        username: string;
        displayName: string;
        password: string;
        role: string;
        departmentId?: number | null;
      },
      by?: AccessContext,
    ) {
      checkPassword(input.password, input.username);
      if (by && !(await access.findRole(input.role))) {
        throw new AppError('VALIDATION_FAILED', `No role "${input.role}".`, { field: 'role' });
      }
      if (await staff.findForLogin(input.username)) {
        throw new AppError('USERNAME_TAKEN', `The username ${input.username} is taken.`, {
          field: 'username',
        });
      }
      const created = await staff.create({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        departmentId: input.departmentId ?? null,
        passwordHash: await hashPassword(input.password),
      });
      if (by) {
        await recordStaffAction(by, deps.clock(), 'user.create', `user:${created.id}`, {
          username: created.username,
          role: created.role,
          departmentId: created.departmentId,
        });
      }
      return created;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
