import { and, asc, eq, inArray, isNotNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { SlaStageName, SlaStageRef, SlaTargetName } from '../domain/sla/sla-stages.ts';
import type { SlaSnapshot } from '../domain/sla/ticket-sla.ts';
import type { Closure, Status, TicketEventDraft } from '../domain/ticket/ticket.ts';
import type { Db } from './database.ts';
import { staffUsers, ticketEvents, tickets } from './schema.ts';
import { slaFiredStages } from './schema-sla.ts';
import { staffProfiles } from './schema-workflow.ts';

/** A ticket the sweep holds locked while it fires its due stages. */
export interface DueTicket {
  id: number;
  ticketNo: string;
  status: Status;
  ownerId: number | null;
  assigneeId: number | null;
  departmentId: number | null;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  closure: Closure | null;
  sla: SlaSnapshot | null;
  lastEventSeq: number;
}

export interface FiredStage extends SlaStageRef {
  ticketId: number;
  dueAt: Date;
}

export interface StaffContact {
  userId: number;
  username: string;
  role: string;
  departmentId: number | null;
  departmentHead: boolean;
  email: string | null;
  lang: string;
}

export interface SweptTicket {
  id: number;
  nextAt: Date | null;
  lastEventSeq: number;
  firstResponseBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
}

/** Rows per multi-row INSERT: keeps every statement far below PostgreSQL's 65,535 parameters. */
export const ROWS_PER_INSERT = 1_000;

export function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT));
  return out;
}

/** Roles notified at escalation, then the last resort when nobody else can be found. */
export const QUALITY_ROLES = ['quality_manager'];
export const FALLBACK_ROLES = ['admin'];

export function createSlaStageRepository(db: Db) {
  return {
    async firedFor(ticketId: number, tx: Db = db): Promise<SlaStageRef[]> {
      const rows = await tx
        .select({ target: slaFiredStages.target, stage: slaFiredStages.stage })
        .from(slaFiredStages)
        .where(eq(slaFiredStages.ticketId, ticketId));
      return rows as SlaStageRef[];
    },

    async firedForTickets(ticketIds: number[], tx: Db): Promise<FiredStage[]> {
      if (ticketIds.length === 0) return [];
      const rows = await tx.select().from(slaFiredStages).where(inArray(slaFiredStages.ticketId, ticketIds));
      return rows.map((r) => ({
        ticketId: r.ticketId,
        target: r.target as SlaTargetName,
        stage: r.stage as SlaStageName,
        dueAt: r.dueAt,
      }));
    },

    /**
     * Locks up to `limit` tickets whose next stage is due: an index scan on tickets_sla_next_idx.
     * SKIP LOCKED lets several servers sweep at once, each taking other tickets.
     */
    async claimDue(now: Date, limit: number, tx: Db): Promise<DueTicket[]> {
      const rows = await tx
        .select({
          id: tickets.id,
          ticketNo: tickets.ticketNo,
          status: tickets.status,
          ownerId: tickets.ownerId,
          assigneeId: tickets.assigneeId,
          departmentId: tickets.departmentId,
          firstResponseAt: tickets.firstResponseAt,
          closedAt: tickets.closedAt,
          closure: tickets.closure,
          sla: tickets.sla,
          lastEventSeq: tickets.lastEventSeq,
        })
        .from(tickets)
        .where(and(isNotNull(tickets.slaNextAt), lte(tickets.slaNextAt, now)))
        .orderBy(asc(tickets.slaNextAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return rows as DueTicket[];
    },

    /** Records fired stages; returns those actually inserted (the unique key drops any repeat). */
    async recordFired(stages: FiredStage[], firedAt: Date, tx: Db): Promise<FiredStage[]> {
      const inserted: FiredStage[] = [];
      for (const part of chunks(stages)) {
        const rows = await tx
          .insert(slaFiredStages)
          .values(part.map((s) => ({ ...s, firedAt })))
          .onConflictDoNothing()
          .returning();
        for (const r of rows) {
          inserted.push({
            ticketId: r.ticketId,
            target: r.target as SlaTargetName,
            stage: r.stage as SlaStageName,
            dueAt: r.dueAt,
          });
        }
      }
      return inserted;
    },

    async appendEvents(events: (TicketEventDraft & { ticketId: number; seq: number })[], tx: Db) {
      for (const part of chunks(events)) {
        await tx.insert(ticketEvents).values(
          part.map((e) => ({
            ticketId: e.ticketId,
            seq: e.seq,
            type: e.type,
            actorType: e.actor.type,
            actorId: e.actor.id ?? null,
            at: e.at,
            visibility: e.visibility,
            payload: e.payload,
          })),
        );
      }
    },

    /** Active staff who may be notified: these users, heads of these departments, quality and admins. */
    async contacts(userIds: number[], departmentIds: number[], tx: Db): Promise<StaffContact[]> {
      const roles = [...QUALITY_ROLES, ...FALLBACK_ROLES];
      const who: SQL[] = [inArray(staffUsers.role, roles)];
      if (userIds.length > 0) who.push(inArray(staffUsers.id, userIds));
      if (departmentIds.length > 0) {
        who.push(
          and(
            inArray(staffUsers.departmentId, departmentIds),
            or(eq(staffUsers.role, 'department_head'), eq(staffProfiles.departmentHead, true)),
          )!,
        );
      }
      const rows = await tx
        .select({
          userId: staffUsers.id,
          username: staffUsers.username,
          role: staffUsers.role,
          departmentId: staffUsers.departmentId,
          departmentHead: sql<boolean>`coalesce(${staffProfiles.departmentHead}, false)`,
          email: staffProfiles.email,
          languages: staffProfiles.languages,
        })
        .from(staffUsers)
        .leftJoin(staffProfiles, eq(staffProfiles.userId, staffUsers.id))
        .where(and(eq(staffUsers.active, true), or(...who)))
        .orderBy(asc(staffUsers.id));
      return rows.map(({ languages, ...r }) => ({ ...r, lang: languages?.[0] ?? 'zh' }));
    },

    /** Writes each swept ticket's next stage instant, event count and breach marks in one statement. */
    async finishSwept(swept: SweptTicket[], tx: Db): Promise<void> {
      if (swept.length === 0) return;
      const iso = (d: Date | null) => d?.toISOString() ?? null;
      const values = sql.join(
        swept.map(
          (s) =>
            sql`(${s.id}::bigint, ${iso(s.nextAt)}::timestamptz, ${s.lastEventSeq}::int, ${iso(s.firstResponseBreachedAt)}::timestamptz, ${iso(s.resolutionBreachedAt)}::timestamptz)`,
        ),
        sql`, `,
      );
      await tx.execute(sql`
        UPDATE tickets AS t SET
          sla_next_at = v.next_at,
          last_event_seq = v.seq,
          first_response_breached_at = COALESCE(t.first_response_breached_at, v.frb),
          resolution_breached_at = COALESCE(t.resolution_breached_at, v.rb)
        FROM (VALUES ${values}) AS v(id, next_at, seq, frb, rb)
        WHERE t.id = v.id`);
    },
  };
}

export type SlaStageRepository = ReturnType<typeof createSlaStageRepository>;
