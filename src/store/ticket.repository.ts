import { and, asc, desc, eq, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../domain/app-error.ts';
import type { TicketSlaFields } from '../domain/sla/ticket-sla.ts';
import type { NewTicket } from '../domain/ticket/new-ticket.ts';
import type {
  Category,
  Channel,
  Closure,
  Kind,
  Lang,
  Level,
  Status,
  TicketEventDraft,
  TicketState,
  Visibility,
} from '../domain/ticket/ticket.ts';
import { type Db, rowsOf } from './database.ts';
import { ticketEvents, ticketNoSeq, tickets } from './schema.ts';
import { slaFieldsOf } from './ticket-sla.columns.ts';

/** Everything the staff see of a ticket (contact details included; callers decide what to show). */
export interface TicketRecord extends TicketState, TicketSlaFields {
  id: number;
  ticketNo: string;
  receivedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  channel: Channel;
  lang: Lang;
  anonymous: boolean;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  text: string;
  vip: boolean;
  complex: boolean;
  multiDepartment: boolean;
  departmentId: number | null;
  ownerId: number | null;
  assigneeId: number | null;
  version: number;
}

export interface TicketEvent {
  id: number;
  seq: number;
  type: string;
  actorType: string;
  actorId: number | null;
  at: Date;
  visibility: Visibility;
  payload: Record<string, unknown>;
}

type TicketRow = typeof tickets.$inferSelect;

function toRecord(row: TicketRow): TicketRecord {
  return {
    id: row.id,
    ticketNo: row.ticketNo,
    receivedAt: row.receivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    channel: row.channel as Channel,
    lang: row.lang as Lang,
    anonymous: row.anonymous,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    text: row.text,
    kind: row.kind as Kind | null,
    category: row.category as Category | null,
    level: row.level as Level | null,
    vip: row.vip,
    complex: row.complex,
    multiDepartment: row.multiDepartment,
    departmentId: row.departmentId,
    ownerId: row.ownerId,
    assigneeId: row.assigneeId,
    status: row.status as Status,
    reopenCount: row.reopenCount,
    duplicateOfId: row.duplicateOfId,
    firstResponseAt: row.firstResponseAt,
    resolutionProposedAt: row.resolutionProposedAt,
    closedAt: row.closedAt,
    closure: row.closure as Closure | null,
    version: row.version,
    ...slaFieldsOf(row),
  };
}

export interface InsertTicketInput {
  ticket: NewTicket;
  trackingHash: string;
  formatTicketNo: (sequence: number) => string;
  ownerId?: number | null;
  /** Set at intake by routing, triage and the channel (e.g. closed on the spot); defaults otherwise. */
  columns?: IntakeColumns;
  /** Deadlines computed at intake (sla.service.ts). */
  sla?: Partial<TicketSlaFields>;
  now: Date;
}

export type IntakeColumns = Partial<
  Pick<
    TicketRecord,
    | 'departmentId'
    | 'assigneeId'
    | 'ownerId'
    | 'kind'
    | 'category'
    | 'level'
    | 'vip'
    | 'status'
    | 'firstResponseAt'
    | 'closedAt'
    | 'closure'
  >
>;

async function appendEvents(
  db: Db,
  ticketId: number,
  firstSeq: number,
  events: TicketEventDraft[],
): Promise<void> {
  if (events.length === 0) return;
  await db.insert(ticketEvents).values(
    events.map((e, i) => ({
      ticketId,
      seq: firstSeq + i,
      type: e.type,
      actorType: e.actor.type,
      actorId: e.actor.id ?? null,
      at: e.at,
      visibility: e.visibility,
      payload: e.payload,
    })),
  );
}

export function createTicketRepository(db: Db) {
  return {
    /** Inserts a ticket and its first events. Call inside the intake transaction. */
    async insert(input: InsertTicketInput, tx: Db = db): Promise<TicketRecord> {
      const [seq] = rowsOf<{ n: number | string }>(
        await tx.execute(sql`SELECT nextval(${ticketNoSeq.seqName}) AS n`),
      );
      const n = seq?.n;
      const t = input.ticket;
      const [row] = await tx
        .insert(tickets)
        .values({
          ticketNo: input.formatTicketNo(Number(n)),
          trackingHash: input.trackingHash,
          receivedAt: t.receivedAt,
          createdAt: input.now,
          updatedAt: input.now,
          channel: t.channel,
          lang: t.lang,
          anonymous: t.anonymous,
          contactName: t.contactName,
          contactPhone: t.contactPhone,
          contactEmail: t.contactEmail,
          text: t.text,
          status: 'new',
          ownerId: input.ownerId ?? null,
          ...input.columns,
          ...input.sla,
          lastEventSeq: t.events.length,
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      await appendEvents(tx, row.id, 1, t.events);
      return toRecord(row);
    },

    async findById(id: number, tx: Db = db): Promise<TicketRecord | null> {
      const [row] = await tx.select().from(tickets).where(eq(tickets.id, id));
      return row ? toRecord(row) : null;
    },

    async findByNo(ticketNo: string, tx: Db = db): Promise<TicketRecord | null> {
      const [row] = await tx.select().from(tickets).where(eq(tickets.ticketNo, ticketNo));
      return row ? toRecord(row) : null;
    },

    async findByTrackingHash(hash: string, tx: Db = db): Promise<TicketRecord | null> {
      const [row] = await tx.select().from(tickets).where(eq(tickets.trackingHash, hash));
      return row ? toRecord(row) : null;
    },

    async events(ticketId: number, visibility?: Visibility, tx: Db = db): Promise<TicketEvent[]> {
      const where = visibility
        ? and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.visibility, visibility))
        : eq(ticketEvents.ticketId, ticketId);
      const rows = await tx.select().from(ticketEvents).where(where).orderBy(asc(ticketEvents.seq));
      return rows.map((r) => ({
        id: r.id,
        seq: r.seq,
        type: r.type,
        actorType: r.actorType,
        actorId: r.actorId,
        at: r.at,
        visibility: r.visibility as Visibility,
        payload: r.payload as Record<string, unknown>,
      }));
    },

    /**
     * Runs `change` on the ticket while holding its row lock (SELECT … FOR UPDATE), then writes the new
     * state and appends the events — all in one transaction. Concurrent changes to one ticket queue up
     * here, so none is lost and every change sees the state the previous one left.
     */
    async update<T>(
      ticketId: number,
      change: (
        current: TicketRecord,
        tx: Db,
      ) => Promise<{ patch: Partial<TicketRecord>; events: TicketEventDraft[]; result: T }>,
      now: Date,
    ): Promise<T> {
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
        if (!row) throw new AppError('TICKET_NOT_FOUND', 'No such ticket.');
        const current = toRecord(row);
        const { patch, events, result } = await change(current, tx);
        const { id: _id, ticketNo: _no, createdAt: _c, version: _v, ...writable } = patch;
        await tx
          .update(tickets)
          .set({
            ...writable,
            updatedAt: now,
            version: current.version + 1,
            lastEventSeq: row.lastEventSeq + events.length,
          })
          .where(eq(tickets.id, ticketId));
        await appendEvents(tx, ticketId, row.lastEventSeq + 1, events);
        return result;
      });
    },

    async list(filter: TicketListFilter): Promise<{ items: TicketRecord[]; nextCursor: string | null }> {
      const conditions: SQL[] = [];
      if (filter.status?.length) conditions.push(inArray(tickets.status, filter.status));
      if (filter.level?.length) conditions.push(inArray(tickets.level, filter.level));
      if (filter.awaitingTriage) conditions.push(sql`${tickets.level} IS NULL`);
      if (filter.category?.length) conditions.push(inArray(tickets.category, filter.category));
      if (filter.departmentId !== undefined) conditions.push(eq(tickets.departmentId, filter.departmentId));
      if (filter.ownerId !== undefined) conditions.push(eq(tickets.ownerId, filter.ownerId));
      if (filter.q) {
        const q = filter.q.trim();
        const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        // Substring search (pg_trgm index) over the text, or an exact ticket number.
        conditions.push(or(ilike(tickets.text, pattern), eq(tickets.ticketNo, q))!);
      }
      // Newest first; the cursor is the last row's (receivedAt, id), so deep pages cost what page one costs.
      if (filter.cursor) {
        const c = decodeCursor(filter.cursor);
        conditions.push(
          or(lt(tickets.receivedAt, c.at), and(eq(tickets.receivedAt, c.at), lt(tickets.id, c.id)))!,
        );
      }
      const limit = filter.limit ?? 50;
      const rows = await db
        .select()
        .from(tickets)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(tickets.receivedAt), desc(tickets.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit).map(toRecord);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
      };
    },
  };
}

export type TicketRepository = ReturnType<typeof createTicketRepository>;

export interface TicketListFilter {
  status?: Status[];
  level?: number[];
  category?: string[];
  departmentId?: number;
  ownerId?: number;
  awaitingTriage?: boolean;
  q?: string;
  cursor?: string;
  limit?: number;
}

export function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: number } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  const n = Number(id);
  if (Number.isNaN(at.getTime()) || !Number.isInteger(n)) {
    throw new AppError('BAD_CURSOR', 'The page cursor is not valid; start again from the first page.', {
      field: 'cursor',
    });
  }
  return { at, id: n };
}
