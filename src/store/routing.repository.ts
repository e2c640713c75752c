import { and, asc, eq, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import { AppError } from '../domain/app-error.ts';
import type { Candidate } from '../domain/assignment/choose-handler.ts';
import type { RoutingRule } from '../domain/assignment/route-ticket.ts';
import { FINAL_STATUSES } from '../domain/ticket/ticket.ts';
import { cachedConfig, forgetConfig } from './config-cache.ts';
import type { Db } from './database.ts';
import { departments, staffUsers, tickets } from './schema.ts';
import { assignmentCursors, onCallEntries, routingRules, staffProfiles } from './schema-workflow.ts';

/** Departments, routing rules, staff profiles and the on-call list: the data routing works from. */

export interface Department {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  /** The working calendar of its SLA clocks; null = the default calendar. */
  calendarId: string | null;
  /** False: kept for the tickets it holds, but routing sends it no new ones. */
  active: boolean;
}

/** What an administrator may change on a department; its code is its identity and stays. */
export interface DepartmentPatch {
  name?: string;
  nameEn?: string | null;
  active?: boolean;
}

const departmentColumns = {
  id: departments.id,
  code: departments.code,
  name: departments.name,
  nameEn: departments.nameEn,
  calendarId: departments.calendarId,
  active: departments.active,
};

export interface StaffProfile {
  userId: number;
  languages: string[];
  skills: string[];
  available: boolean;
  departmentHead: boolean;
  email: string | null;
  phone: string | null;
}

export interface StaffContact {
  userId: number;
  displayName: string;
  email: string | null;
  phone: string | null;
}

export type RoutingRuleInput = Omit<RoutingRule, 'id'> & { note?: string | null };

const ROUTING_RULES_KEY = 'routing-rules';

function toRule(row: typeof routingRules.$inferSelect): RoutingRule & { note: string | null } {
  return {
    id: row.id,
    priority: row.priority,
    category: row.category,
    kind: row.kind,
    channel: row.channel,
    keywords: row.keywords,
    departmentId: row.departmentId,
    active: row.active,
    note: row.note,
  };
}

const FINAL = [...FINAL_STATUSES];

export function createRoutingRepository(db: Db) {
  return {
    async listDepartments(tx: Db = db): Promise<Department[]> {
      return tx.select(departmentColumns).from(departments).orderBy(asc(departments.code));
    },

    async findDepartment(id: number, tx: Db = db): Promise<Department | null> {
      const [row] = await tx.select(departmentColumns).from(departments).where(eq(departments.id, id));
      return row ?? null;
    },

    async createDepartment(input: Pick<Department, 'code' | 'name' | 'nameEn'>): Promise<Department> {
      const [existing] = await db.select().from(departments).where(eq(departments.code, input.code));
      if (existing)
        throw new AppError('DEPARTMENT_CODE_TAKEN', `A department with code ${input.code} exists.`);
      const [row] = await db.insert(departments).values(input).returning(departmentColumns);
      return row!;
    },

    /**
     * The department as changed, or null when there is none with that id. Routing skips the rules of
     * inactive departments: after a change of `active` commits, call forgetRoutingRules().
     */
    async updateDepartment(id: number, patch: DepartmentPatch, tx: Db = db): Promise<Department | null> {
      const [row] = await tx
        .update(departments)
        .set(patch)
        .where(eq(departments.id, id))
        .returning(departmentColumns);
      return row ?? null;
    },

    async departmentExists(id: number, tx: Db = db): Promise<boolean> {
      return (await this.departmentState(id, tx)) !== null;
    },

    /** Whether a department takes new work: 'inactive' once an administrator deactivated it. */
    async departmentState(id: number, tx: Db = db): Promise<'active' | 'inactive' | null> {
      const [row] = await tx
        .select({ active: departments.active })
        .from(departments)
        .where(eq(departments.id, id));
      return row === undefined ? null : row.active ? 'active' : 'inactive';
    },

    async listRules(tx: Db = db) {
      const rows = await tx
        .select()
        .from(routingRules)
        .orderBy(asc(routingRules.priority), asc(routingRules.id));
      return rows.map(toRule);
    },

    /**
     * The rules as intake routes by them: cached (config-cache.ts), forgotten at every change made here.
     * Rules of an inactive department are left out, so a ticket they would have matched falls to the next
     * rule (or to no rule) instead of landing in a department nobody works from any more.
     */
    rulesForRouting(tx: Db = db) {
      return cachedConfig(db, ROUTING_RULES_KEY, async () => {
        const rows = await tx
          .select({ rule: routingRules })
          .from(routingRules)
          .innerJoin(departments, eq(departments.id, routingRules.departmentId))
          .where(eq(departments.active, true))
          .orderBy(asc(routingRules.priority), asc(routingRules.id));
        return rows.map((r) => toRule(r.rule));
      });
    },

    /** Forgets the cached rules, for a change that alters them from outside this repository's writes. */
    forgetRoutingRules(): void {
      forgetConfig(db, ROUTING_RULES_KEY);
    },

    async createRule(input: RoutingRuleInput) {
      forgetConfig(db, ROUTING_RULES_KEY);
      const [row] = await db
        .insert(routingRules)
        .values({ ...input, keywords: [...input.keywords] })
        .returning();
      return toRule(row!);
    },

    async updateRule(id: number, input: RoutingRuleInput) {
      forgetConfig(db, ROUTING_RULES_KEY);
      const [row] = await db
        .update(routingRules)
        .set({ ...input, keywords: [...input.keywords] })
        .where(eq(routingRules.id, id))
        .returning();
      if (!row) throw new AppError('ROUTING_RULE_NOT_FOUND', `No routing rule ${id}.`);
      return toRule(row);
    },

    async deleteRule(id: number): Promise<void> {
      forgetConfig(db, ROUTING_RULES_KEY);
      const rows = await db
        .delete(routingRules)
        .where(eq(routingRules.id, id))
        .returning({ id: routingRules.id });
      if (rows.length === 0) throw new AppError('ROUTING_RULE_NOT_FOUND', `No routing rule ${id}.`);
    },

    async upsertProfile(profile: StaffProfile): Promise<StaffProfile> {
      const { userId, ...rest } = profile;
      const [row] = await db
        .insert(staffProfiles)
        .values(profile)
        .onConflictDoUpdate({ target: staffProfiles.userId, set: rest })
        .returning();
      return row!;
    },

    async listProfiles(): Promise<(StaffProfile & { displayName: string; departmentId: number | null })[]> {
      const rows = await db
        .select()
        .from(staffProfiles)
        .innerJoin(staffUsers, eq(staffUsers.id, staffProfiles.userId))
        .orderBy(asc(staffUsers.id));
      return rows.map((r) => ({
        ...r.staff_profiles,
        displayName: r.staff_users.displayName,
        departmentId: r.staff_users.departmentId,
      }));
    },

    async staffExists(userId: number, tx: Db = db): Promise<{ departmentId: number | null } | null> {
      const [row] = await tx
        .select({ departmentId: staffUsers.departmentId })
        .from(staffUsers)
        .where(and(eq(staffUsers.id, userId), eq(staffUsers.active, true)));
      return row ?? null;
    },

    /**
     * Active staff of a department who have a handler profile, each with their current load (open
     * tickets assigned to them).
     */
    async candidates(departmentId: number, tx: Db = db): Promise<Candidate[]> {
      const rows = await tx
        .select({
          userId: staffUsers.id,
          available: staffProfiles.available,
          departmentHead: staffProfiles.departmentHead,
          languages: staffProfiles.languages,
          skills: staffProfiles.skills,
          load: sql<number>`(SELECT count(*)::int FROM ${tickets} WHERE ${tickets.assigneeId} = ${staffUsers.id}
            AND ${notInArray(tickets.status, FINAL)})`,
        })
        .from(staffUsers)
        .innerJoin(staffProfiles, eq(staffProfiles.userId, staffUsers.id))
        .where(and(eq(staffUsers.departmentId, departmentId), eq(staffUsers.active, true)));
      return rows.map((r) => ({ ...r, load: Number(r.load) }));
    },

    /**
     * The department's round-robin memory, locked for the rest of the transaction so two intakes at the
     * same moment do not both pick the same "next" handler.
     */
    async lockCursor(departmentId: number, tx: Db): Promise<number | null> {
      await tx.insert(assignmentCursors).values({ departmentId, lastUserId: null }).onConflictDoNothing();
      const [row] = await tx
        .select()
        .from(assignmentCursors)
        .where(eq(assignmentCursors.departmentId, departmentId))
        .for('update');
      return row?.lastUserId ?? null;
    },

    async saveCursor(departmentId: number, lastUserId: number, tx: Db): Promise<void> {
      await tx
        .update(assignmentCursors)
        .set({ lastUserId })
        .where(eq(assignmentCursors.departmentId, departmentId));
    },

    async departmentHeads(departmentId: number, tx: Db = db): Promise<StaffContact[]> {
      return tx
        .select({
          userId: staffUsers.id,
          displayName: staffUsers.displayName,
          email: staffProfiles.email,
          phone: staffProfiles.phone,
        })
        .from(staffUsers)
        .innerJoin(staffProfiles, eq(staffProfiles.userId, staffUsers.id))
        .where(
          and(
            eq(staffUsers.departmentId, departmentId),
            eq(staffProfiles.departmentHead, true),
            eq(staffUsers.active, true),
          ),
        );
    },

    async contacts(userIds: number[], tx: Db = db): Promise<StaffContact[]> {
      if (userIds.length === 0) return [];
      return tx
        .select({
          userId: staffUsers.id,
          displayName: staffUsers.displayName,
          email: staffProfiles.email,
          phone: staffProfiles.phone,
        })
        .from(staffUsers)
        .leftJoin(staffProfiles, eq(staffProfiles.userId, staffUsers.id))
        .where(inArray(staffUsers.id, userIds));
    },

    async usersByUsername(usernames: string[], tx: Db = db): Promise<{ id: number; username: string }[]> {
      if (usernames.length === 0) return [];
      return tx
        .select({ id: staffUsers.id, username: staffUsers.username })
        .from(staffUsers)
        .where(and(inArray(staffUsers.username, usernames), eq(staffUsers.active, true)));
    },

    /** Who to page for a level-1 case: the department's on-call entries and the hospital-wide ones. */
    async onCall(departmentId: number | null, tx: Db = db): Promise<StaffContact[]> {
      const scope =
        departmentId === null
          ? isNull(onCallEntries.departmentId)
          : or(isNull(onCallEntries.departmentId), eq(onCallEntries.departmentId, departmentId))!;
      return tx
        .selectDistinct({
          userId: staffUsers.id,
          displayName: staffUsers.displayName,
          email: staffProfiles.email,
          phone: staffProfiles.phone,
        })
        .from(onCallEntries)
        .innerJoin(staffUsers, eq(staffUsers.id, onCallEntries.userId))
        .leftJoin(staffProfiles, eq(staffProfiles.userId, staffUsers.id))
        .where(and(eq(onCallEntries.active, true), eq(staffUsers.active, true), scope));
    },

    async listOnCall() {
      return db.select().from(onCallEntries).orderBy(asc(onCallEntries.id));
    },

    async addOnCall(input: { departmentId: number | null; userId: number }) {
      const [row] = await db.insert(onCallEntries).values(input).returning();
      return row!;
    },

    async removeOnCall(id: number): Promise<void> {
      const rows = await db
        .delete(onCallEntries)
        .where(eq(onCallEntries.id, id))
        .returning({ id: onCallEntries.id });
      if (rows.length === 0) throw new AppError('ON_CALL_NOT_FOUND', `No on-call entry ${id}.`);
    },
  };
}

export type RoutingRepository = ReturnType<typeof createRoutingRepository>;
