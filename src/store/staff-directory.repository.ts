import { asc } from 'drizzle-orm';
import type { Db } from './database.ts';
import { staffUsers } from './schema.ts';

/**
 * What the ticket screens show of a colleague: the name behind an owner, assignee or actor id. No
 * username (it is half a login), no contact details (those are in staff profiles, for admins only).
 */
export interface StaffDirectoryEntry {
  id: number;
  displayName: string;
  departmentId: number | null;
  /** Former staff stay listed: old tickets and timelines still name them. */
  active: boolean;
}

export function createStaffDirectoryRepository(db: Db) {
  return {
    async list(): Promise<StaffDirectoryEntry[]> {
      return db
        .select({
          id: staffUsers.id,
          displayName: staffUsers.displayName,
          departmentId: staffUsers.departmentId,
          active: staffUsers.active,
        })
        .from(staffUsers)
        .orderBy(asc(staffUsers.id));
    },
  };
}

export type StaffDirectoryRepository = ReturnType<typeof createStaffDirectoryRepository>;
