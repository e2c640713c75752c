import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { presetUpgrade, type RolePreset } from '../domain/security/permissions.ts';
import { type Db, rowsOf } from './database.ts';
import { staffUsers } from './schema.ts';
import { apiTokens, loginAttempts, roles, staffGrants } from './schema-security.ts';

export interface Role {
  name: string;
  description: string;
  permissions: string[];
  preset: boolean;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  userId: number;
  scopes: string[];
  createdBy: number | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const toToken = (r: typeof apiTokens.$inferSelect): ApiToken => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  userId: r.userId,
  scopes: r.scopes,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  lastUsedAt: r.lastUsedAt,
  revokedAt: r.revokedAt,
});

/** Roles, per-user grants, API tokens and login throttling. */
export function createAccessRepository(db: Db) {
  return {
    /**
     * Seeds the preset roles that are missing and brings an unedited preset of an earlier release up to
     * date (presetUpgrade); never overwrites a role an admin edited.
     */
    async seedRoles(presets: readonly RolePreset[]): Promise<void> {
      for (const p of presets) {
        await db
          .insert(roles)
          .values({ name: p.name, description: p.description, permissions: p.permissions, preset: true })
          .onConflictDoNothing();
        const [stored] = await db.select().from(roles).where(eq(roles.name, p.name));
        const upgraded = stored?.preset ? presetUpgrade(p.name, stored.permissions) : null;
        if (upgraded) await db.update(roles).set({ permissions: upgraded }).where(eq(roles.name, p.name));
      }
    },

    async listRoles(): Promise<Role[]> {
      const rows = await db.select().from(roles).orderBy(asc(roles.name));
      return rows.map((r) => ({
        name: r.name,
        description: r.description,
        permissions: r.permissions,
        preset: r.preset,
      }));
    },

    async findRole(name: string): Promise<Role | null> {
      const [r] = await db.select().from(roles).where(eq(roles.name, name));
      return r
        ? { name: r.name, description: r.description, permissions: r.permissions, preset: r.preset }
        : null;
    },

    async upsertRole(role: Omit<Role, 'preset'>, now: Date): Promise<void> {
      await db
        .insert(roles)
        .values({ ...role, preset: false, updatedAt: now })
        .onConflictDoUpdate({
          target: roles.name,
          set: { permissions: role.permissions, description: role.description, updatedAt: now },
        });
    },

    /**
     * What a user's permissions are made of — the role's and the personal grants — in one round trip:
     * every authenticated request asks.
     */
    async permissionSources(roleName: string, userId: number): Promise<{ role: string[]; grants: string[] }> {
      const [row] = rowsOf<{ role: string[] | null; grants: string[] | null }>(
        await db.execute(sql`
          SELECT (SELECT r.permissions FROM roles r WHERE r.name = ${roleName}) AS role,
                 ARRAY(SELECT g.permission FROM staff_grants g WHERE g.user_id = ${userId}
                        ORDER BY g.permission) AS grants`),
      );
      return { role: row?.role ?? [], grants: row?.grants ?? [] };
    },

    async grantsOf(userId: number): Promise<string[]> {
      const rows = await db
        .select({ p: staffGrants.permission })
        .from(staffGrants)
        .where(eq(staffGrants.userId, userId))
        .orderBy(asc(staffGrants.permission));
      return rows.map((r) => r.p);
    },

    async setGrants(
      userId: number,
      permissions: string[],
      by: number,
      now: Date,
      tx: Db = db,
    ): Promise<void> {
      await tx.delete(staffGrants).where(eq(staffGrants.userId, userId));
      if (permissions.length) {
        await tx
          .insert(staffGrants)
          .values(permissions.map((permission) => ({ userId, permission, grantedBy: by, grantedAt: now })));
      }
    },

    async createToken(
      t: Omit<ApiToken, 'id' | 'lastUsedAt' | 'revokedAt'> & { tokenHash: string },
    ): Promise<ApiToken> {
      const [row] = await db.insert(apiTokens).values(t).returning();
      if (!row) throw new Error('insert returned no row');
      return toToken(row);
    },

    async listTokens(): Promise<ApiToken[]> {
      return (await db.select().from(apiTokens).orderBy(asc(apiTokens.id))).map(toToken);
    },

    async revokeToken(id: number, now: Date): Promise<boolean> {
      const rows = await db
        .update(apiTokens)
        .set({ revokedAt: now })
        .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      return rows.length > 0;
    },

    async revokeTokensOf(userId: number, now: Date): Promise<void> {
      await db
        .update(apiTokens)
        .set({ revokedAt: now })
        .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
    },

    /** A live token and its active user. */
    async findLiveToken(tokenHash: string, now: Date) {
      const [row] = await db
        .select()
        .from(apiTokens)
        .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.userId))
        .where(
          and(
            eq(apiTokens.tokenHash, tokenHash),
            isNull(apiTokens.revokedAt),
            or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
            eq(staffUsers.active, true),
          ),
        );
      return row ? { token: toToken(row.api_tokens), userId: row.staff_users.id } : null;
    },

    async touchToken(id: number, now: Date): Promise<void> {
      await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
    },

    async attempt(key: string) {
      const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.key, key));
      return row ?? null;
    },

    /** Counts one failure for `key` within a window; locks the key when it reaches `limit`. */
    async recordFailure(
      key: string,
      now: Date,
      opts: { windowMs: number; limit: number; lockMs: number },
    ): Promise<{ failures: number; lockedUntil: Date | null }> {
      const windowStartCutoff = new Date(now.getTime() - opts.windowMs);
      const [row] = await db
        .insert(loginAttempts)
        .values({ key, failures: 1, windowStart: now })
        .onConflictDoUpdate({
          target: loginAttempts.key,
          set: {
            failures: sql`CASE WHEN ${loginAttempts.windowStart} < ${windowStartCutoff} THEN 1 ELSE ${loginAttempts.failures} + 1 END`,
            windowStart: sql`CASE WHEN ${loginAttempts.windowStart} < ${windowStartCutoff} THEN ${now} ELSE ${loginAttempts.windowStart} END`,
          },
        })
        .returning();
      const failures = row?.failures ?? 1;
      if (failures >= opts.limit) {
        const lockedUntil = new Date(now.getTime() + opts.lockMs);
        await db.update(loginAttempts).set({ lockedUntil }).where(eq(loginAttempts.key, key));
        return { failures, lockedUntil };
      }
      return { failures, lockedUntil: row?.lockedUntil ?? null };
    },

    async clearAttempts(key: string): Promise<void> {
      await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
    },
  };
}

export type AccessRepository = ReturnType<typeof createAccessRepository>;
