import { and, asc, desc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { AppError } from '../domain/app-error.ts';
import type { TicketEventDraft } from '../domain/ticket/ticket.ts';
import { fieldCipherFor } from '../security/field-cipher.ts';
import { type Db, rowsOf } from './database.ts';
import { ticketEvents, tickets } from './schema.ts';
import { intakeSources, praiseRecords } from './schema-workflow.ts';

/** Webhook sources, duplicate look-ups, praise records, cross-ticket events. */

export interface IntakeSource {
  code: string;
  name: string;
  channel: string;
  vip: boolean;
  active: boolean;
}

export function createIntakeRepository(db: Db) {
  return {
    async listSources(): Promise<IntakeSource[]> {
      return db
        .select({
          code: intakeSources.code,
          name: intakeSources.name,
          channel: intakeSources.channel,
          vip: intakeSources.vip,
          active: intakeSources.active,
        })
        .from(intakeSources)
        .orderBy(asc(intakeSources.code));
    },

    async findSource(code: string): Promise<IntakeSource | null> {
      const [row] = await db.select().from(intakeSources).where(eq(intakeSources.code, code));
      return row
        ? { code: row.code, name: row.name, channel: row.channel, vip: row.vip, active: row.active }
        : null;
    },

    async upsertSource(source: IntakeSource): Promise<IntakeSource> {
      const { code: _code, ...rest } = source;
      await db
        .insert(intakeSources)
        .values(source)
        .onConflictDoUpdate({ target: intakeSources.code, set: rest });
      return source;
    },

    /**
     * The most similar earlier ticket from the same phone number within the window (pg_trgm
     * similarity), or null. Used to suggest — never to decide — that a ticket repeats another.
     */
    async similarRecent(
      input: { phone: string; text: string; since: Date; minSimilarity: number },
      tx: Db = db,
    ): Promise<{ id: number; ticketNo: string; similarity: number } | null> {
      // Contact phones are encrypted when a key is configured: match on their keyed hash instead.
      const cipher = fieldCipherFor(db);
      const hmacs = cipher?.phoneHmacsForSearch(input.phone) ?? [];
      if (cipher && hmacs.length === 0) return null;
      const samePhone = cipher
        ? inArray(tickets.contactPhoneHmac, hmacs)
        : eq(tickets.contactPhone, input.phone);
      const score = sql<number>`similarity(${tickets.text}, ${input.text})`;
      const [row] = await tx
        .select({ id: tickets.id, ticketNo: tickets.ticketNo, similarity: score })
        .from(tickets)
        .where(
          and(
            samePhone,
            gte(tickets.receivedAt, input.since),
            ne(tickets.status, 'duplicate'),
            sql`${score} >= ${input.minSimilarity}`,
          ),
        )
        .orderBy(desc(score), desc(tickets.id))
        .limit(1);
      return row ? { ...row, similarity: Number(row.similarity) } : null;
    },

    async recordPraise(
      input: { ticketId: number; departmentId: number | null; receivedAt: Date; recordedAt: Date },
      tx: Db,
    ): Promise<void> {
      await tx
        .insert(praiseRecords)
        .values(input)
        .onConflictDoUpdate({
          target: praiseRecords.ticketId,
          set: { departmentId: input.departmentId, recordedAt: input.recordedAt },
        });
    },

    async praiseByDepartment(
      since: Date,
      until: Date,
    ): Promise<{ departmentId: number | null; count: number }[]> {
      const rows = await db
        .select({ departmentId: praiseRecords.departmentId, count: sql<number>`count(*)::int` })
        .from(praiseRecords)
        .where(and(gte(praiseRecords.receivedAt, since), lte(praiseRecords.receivedAt, until)))
        .groupBy(praiseRecords.departmentId);
      return rows.map((r) => ({ departmentId: r.departmentId, count: Number(r.count) }));
    },

    /**
     * Appends events to another ticket than the one being changed (the original of a merge), under that
     * ticket's row lock and in the caller's transaction.
     */
    async appendToOtherTicket(
      ticketId: number,
      events: TicketEventDraft[],
      now: Date,
      tx: Db,
    ): Promise<void> {
      const [row] = rowsOf<{ last_event_seq: number; version: number }>(
        await tx.execute(
          sql`SELECT last_event_seq, version FROM ${tickets} WHERE ${tickets.id} = ${ticketId} FOR UPDATE`,
        ),
      );
      if (!row) throw new AppError('TICKET_NOT_FOUND', 'No such ticket.');
      const first = Number(row.last_event_seq) + 1;
      await tx.insert(ticketEvents).values(
        events.map((e, i) => ({
          ticketId,
          seq: first + i,
          type: e.type,
          actorType: e.actor.type,
          actorId: e.actor.id ?? null,
          at: e.at,
          visibility: e.visibility,
          payload: e.payload,
        })),
      );
      await tx
        .update(tickets)
        .set({ lastEventSeq: first + events.length - 1, version: Number(row.version) + 1, updatedAt: now })
        .where(eq(tickets.id, ticketId));
    },

    /** Tickets whose proposed resolution has waited since before `cutoff`, oldest first. */
    async awaitingConfirmationSince(
      cutoff: Date,
      limit: number,
    ): Promise<{ id: number; ticketNo: string }[]> {
      return db
        .select({ id: tickets.id, ticketNo: tickets.ticketNo })
        .from(tickets)
        .where(and(eq(tickets.status, 'resolution_proposed'), lte(tickets.resolutionProposedAt, cutoff)))
        .orderBy(asc(tickets.resolutionProposedAt), asc(tickets.id))
        .limit(limit);
    },
  };
}

export type IntakeRepository = ReturnType<typeof createIntakeRepository>;
