import { and, asc, count, desc, eq, gt, like, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { staffSessions, staffUsers } from './schema.ts';

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
  departmentId: number | null;
  active: boolean;
}

export interface StaffSession {
  tokenHash: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

function toUser(row: typeof staffUsers.$inferSelect): StaffUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    departmentId: row.departmentId,
    active: row.active,
  };
}

export function createStaffRepository(db: Db) {
  return {
    async count(): Promise<number> {
      const [row] = await db.select({ n: count() }).from(staffUsers);
      return Number(row?.n ?? 0);
    },

    async create(user: Omit<StaffUser, 'id' | 'active'> & { passwordHash: string }): Promise<StaffUser> {
      const [row] = await db.insert(staffUsers).values(user).returning();
      if (!row) throw new Error('insert returned no row');
      return toUser(row);
    },

    async findById(id: number): Promise<StaffUser | null> {
      const [row] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
      return row ? toUser(row) : null;
    },

    /** The user with their password hash, for login only. */
    async findForLogin(username: string): Promise<(StaffUser & { passwordHash: string }) | null> {
      const [row] = await db.select().from(staffUsers).where(eq(staffUsers.username, username));
      return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
    },

    async createSession(session: StaffSession): Promise<void> {
      await db.insert(staffSessions).values(session);
    },

    /** A live session and its user; null when unknown, expired or the account is disabled. */
    /**
     * The live session, its user and what the user's permissions are made of (role and grants): one
     * round trip for what every staff request needs.
     */
    async findSession(
      tokenHash: string,
      now: Date,
    ): Promise<{ session: StaffSession; user: StaffUser; role: string[]; grants: string[] } | null> {
      const [row] = await db
        .select({
          staff_sessions: staffSessions,
          staff_users: staffUsers,
          role: sql<string[] | null>`(SELECT r.permissions FROM roles r WHERE r.name = ${staffUsers.role})`,
          grants: sql<string[] | null>`ARRAY(SELECT g.permission FROM staff_grants g
                                          WHERE g.user_id = ${staffUsers.id} ORDER BY g.permission)`,
        })
        .from(staffSessions)
        .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
        .where(
          and(
            eq(staffSessions.tokenHash, tokenHash),
            gt(staffSessions.expiresAt, now),
            eq(staffUsers.active, true),
          ),
        );
      return row
        ? {
            session: row.staff_sessions,
            user: toUser(row.staff_users),
            role: row.role ?? [],
            grants: row.grants ?? [],
          }
        : null;
    },

    async touchSession(tokenHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
      await db
        .update(staffSessions)
        .set({ lastSeenAt, expiresAt })
        .where(eq(staffSessions.tokenHash, tokenHash));
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await db.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash));
    },

    async list(): Promise<StaffUser[]> {
      return (await db.select().from(staffUsers).orderBy(asc(staffUsers.id))).map(toUser);
    },

    async update(
      id: number,
      patch: Partial<Pick<StaffUser, 'displayName' | 'role' | 'departmentId' | 'active'>> & {
        passwordHash?: string;
      },
    ): Promise<StaffUser | null> {
      if (Object.keys(patch).length === 0) return this.findById(id);
      const [row] = await db.update(staffUsers).set(patch).where(eq(staffUsers.id, id)).returning();
      return row ? toUser(row) : null;
    },

    /** Live sessions of a user, newest first. */
    async sessionsOf(userId: number, now: Date): Promise<StaffSession[]> {
      return db
        .select()
        .from(staffSessions)
        .where(and(eq(staffSessions.userId, userId), gt(staffSessions.expiresAt, now)))
        .orderBy(desc(staffSessions.lastSeenAt));
    },

    /** Ends the user's session whose id (a prefix of its token hash) is given; false when none matched. */
    async deleteSessionById(userId: number, sessionId: string): Promise<boolean> {
      const rows = await db
        .delete(staffSessions)
        .where(and(eq(staffSessions.userId, userId), like(staffSessions.tokenHash, `${sessionId}%`)))
        .returning({ h: staffSessions.tokenHash });
      return rows.length > 0;
    },

    async deleteSessionsOf(userId: number): Promise<void> {
      await db.delete(staffSessions).where(eq(staffSessions.userId, userId));
    },
  };
}

export type StaffRepository = ReturnType<typeof createStaffRepository>;
