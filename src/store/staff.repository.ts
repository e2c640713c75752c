import { and, count, eq, gt } from 'drizzle-orm';
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
    async findSession(
      tokenHash: string,
      now: Date,
    ): Promise<{ session: StaffSession; user: StaffUser } | null> {
      const [row] = await db
        .select()
        .from(staffSessions)
        .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
        .where(
          and(
            eq(staffSessions.tokenHash, tokenHash),
            gt(staffSessions.expiresAt, now),
            eq(staffUsers.active, true),
          ),
        );
      return row ? { session: row.staff_sessions, user: toUser(row.staff_users) } : null;
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
  };
}

export type StaffRepository = ReturnType<typeof createStaffRepository>;
