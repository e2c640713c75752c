import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../domain/app-error.ts';
import type { Database } from '../store/database.ts';
import { createStaffRepository, type StaffUser } from '../store/staff.repository.ts';
import type { Clock } from './ticket.service.ts';

// A hash computed once at start so that a login with an unknown username costs as much as a wrong
// password: response time must not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export interface AuthServiceDeps {
  database: Database;
  clock: Clock;
  sessionIdleMinutes: number;
}

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
  const idleMs = deps.sessionIdleMinutes * 60_000;

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
      const user = await staff.findForLogin(username);
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      let ok = false;
      if (user) ok = await verify(user.passwordHash, password);
      else await verify(await dummyHash, password);
      if (!user || !ok || !user.active) {
        throw new AppError('AUTH_INVALID_CREDENTIALS', 'Wrong username or password.');
      }
      const token = randomBytes(32).toString('base64url');
      const now = deps.clock();
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
      return { token, user: plain, expiresAt };
    },

    /** The user behind a session token, sliding the expiry forward; null when not logged in. */
    async authenticate(token: string): Promise<StaffUser | null> {
      const now = deps.clock();
      const found = await staff.findSession(hashToken(token), now);
      if (!found) return null;
      // Touch at most once a minute: a busy console must not write on every request.
      if (now.getTime() - found.session.lastSeenAt.getTime() > 60_000) {
        await staff.touchSession(found.session.tokenHash, now, new Date(now.getTime() + idleMs));
      }
      return found.user;
    },

    async logout(token: string): Promise<void> {
      await staff.deleteSession(hashToken(token));
    },

    async createUser(input: {
      username: string;
      displayName: string;
      password: string;
      role: string;
      departmentId?: number | null;
    }) {
      if (input.password.length < 10) {
        throw new AppError('AUTH_WEAK_PASSWORD', 'Passwords need at least 10 characters.', {
          field: 'password',
        });
      }
      return staff.create({
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        departmentId: input.departmentId ?? null,
        passwordHash: await hashPassword(input.password),
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
