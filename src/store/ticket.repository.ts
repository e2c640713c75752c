import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../domain/app-error.ts';
import { normalizePhone } from '../domain/security/masking.ts';
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
import { TICKET_NO_DIGITS } from '../domain/ticket/tracking-code.ts';
import { type FieldCipher, fieldCipherFor } from '../security/field-cipher.ts';
import type { Db } from './database.ts';
import { ticketEvents, ticketNoSeq, tickets } from './schema.ts';
import { scopeCondition, type TicketScope } from './ticket-scope.ts';
import type { WriteBatch } from './write-batch.ts';

export type { TicketScope } from './ticket-scope.ts';

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
  /** The staff member the complaint is about (hidden from them). */
  subjectStaffId?: number | null;
  /** National ID / passport number, when a channel collected one (encrypted at rest like all contact fields). */
  contactIdNumber?: string | null;
  /** Set when the identity was erased; contact fields are null from then on. */
  anonymisedAt?: Date | null;
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

/** Contact fields are ciphertexts in the table; a repository without a registered cipher stores them as given. */
const PLAIN: Pick<FieldCipher, 'encrypt' | 'decrypt'> = {
  encrypt: (v) => v ?? null,
  decrypt: (v) => v ?? null,
};

function toRecord(row: TicketRow, cipher: Pick<FieldCipher, 'decrypt'> = PLAIN): TicketRecord {
  return {
    id: row.id,
    ticketNo: row.ticketNo,
    receivedAt: row.receivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    channel: row.channel as Channel,
    lang: row.lang as Lang,
    anonymous: row.anonymous,
    contactName: cipher.decrypt(row.contactName),
    contactPhone: cipher.decrypt(row.contactPhone),
    contactEmail: cipher.decrypt(row.contactEmail),
    contactIdNumber: cipher.decrypt(row.contactIdNumber),
    subjectStaffId: row.subjectStaffId,
    anonymisedAt: row.anonymisedAt,
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
  /** The ticket number's start (tracking-code.ts ticketNoPrefix); the sequence part is added in SQL. */
  ticketNoPrefix: string;
  ownerId?: number | null;
  /** Set at intake by routing, triage and the channel (e.g. closed on the spot); defaults otherwise. */
  columns?: IntakeColumns;
  /** Deadlines computed at intake (sla.service.ts). */
  sla?: Partial<TicketSlaFields>;
  now: Date;
  /** When given, the first events go with the transaction's final writes instead of now (write-batch.ts). */
  writes?: WriteBatch;
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

function eventRows(ticketId: number, firstSeq: number, events: TicketEventDraft[]) {
  return events.map((e, i) => ({
    ticketId,
    seq: firstSeq + i,
    type: e.type,
    actorType: e.actor.type,
    actorId: e.actor.id ?? null,
    at: e.at,
    visibility: e.visibility,
    payload: e.payload,
  }));
}

async function appendEvents(
  db: Db,
  ticketId: number,
  firstSeq: number,
  events: TicketEventDraft[],
): Promise<void> {
  if (events.length === 0) return;
  await db.insert(ticketEvents).values(eventRows(ticketId, firstSeq, events));
}

/** The stored form of contact fields: ciphertexts, and the keyed hashes and last digits used to find them. */
export function protectContact(
  cipher: FieldCipher | undefined,
  c: {
    contactName?: string | null;
    contactPhone?: string | null;
    contactEmail?: string | null;
    contactIdNumber?: string | null;
  },
): Partial<TicketRow> {
  const out: Partial<TicketRow> = {};
  const enc = cipher ?? PLAIN;
  if (c.contactName !== undefined) out.contactName = enc.encrypt(c.contactName);
  if (c.contactIdNumber !== undefined) out.contactIdNumber = enc.encrypt(c.contactIdNumber);
  if (c.contactEmail !== undefined) {
    out.contactEmail = enc.encrypt(c.contactEmail);
    out.contactEmailHmac = cipher ? cipher.identifierHmac(c.contactEmail) : null;
  }
  if (c.contactPhone !== undefined) {
    out.contactPhone = enc.encrypt(c.contactPhone);
    out.contactPhoneHmac = cipher ? cipher.phoneHmac(c.contactPhone) : null;
    const digits = c.contactPhone ? normalizePhone(c.contactPhone) : '';
    out.phoneLast4 = digits.length >= 4 ? digits.slice(-4) : null;
  }
  return out;
}

export function createTicketRepository(db: Db) {
  // Looked up per call: the runtime registers the cipher for its database after opening it.
  const cipherOf = () => fieldCipherFor(db);
  const rec = (row: TicketRow) => toRecord(row, cipherOf() ?? PLAIN);
  const scoped = (where: SQL, scope?: TicketScope) => (scope ? and(where, scopeCondition(scope))! : where);

  return {
    /** Inserts a ticket and its first events. Call inside the intake transaction. */
    async insert(input: InsertTicketInput, tx: Db = db): Promise<TicketRecord> {
      const t = input.ticket;
      // The number is formed in the INSERT itself (as formatTicketNo would): one round trip, not two.
      const ticketNo = sql`(SELECT ${input.ticketNoPrefix} || lpad(s.n::text, greatest(${TICKET_NO_DIGITS}, length(s.n::text)), '0')
          FROM (SELECT nextval(${ticketNoSeq.seqName}) AS n) s)`;
      const [row] = await tx
        .insert(tickets)
        .values({
          ticketNo,
          trackingHash: input.trackingHash,
          receivedAt: t.receivedAt,
          createdAt: input.now,
          updatedAt: input.now,
          channel: t.channel,
          lang: t.lang,
          anonymous: t.anonymous,
          ...protectContact(cipherOf(), {
            contactName: t.contactName,
            contactPhone: t.contactPhone,
            contactEmail: t.contactEmail,
            contactIdNumber: (t as { contactIdNumber?: string | null }).contactIdNumber ?? null,
          }),
          text: t.text,
          status: 'new',
          ownerId: input.ownerId ?? null,
          ...input.columns,
          ...input.sla,
          lastEventSeq: t.events.length,
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      if (input.writes && t.events.length > 0) {
        input.writes.write(db.insert(ticketEvents).values(eventRows(row.id, 1, t.events)));
      } else {
        await appendEvents(tx, row.id, 1, t.events);
      }
      return rec(row);
    },

    /** With a scope, a ticket outside it is not found (null), exactly like one that does not exist. */
    async findById(id: number, tx: Db = db, scope?: TicketScope): Promise<TicketRecord | null> {
      const [row] = await tx
        .select()
        .from(tickets)
        .where(scoped(eq(tickets.id, id), scope));
      return row ? rec(row) : null;
    },

    async findByNo(ticketNo: string, tx: Db = db, scope?: TicketScope): Promise<TicketRecord | null> {
      const [row] = await tx
        .select()
        .from(tickets)
        .where(scoped(eq(tickets.ticketNo, ticketNo), scope));
      return row ? rec(row) : null;
    },

    async findByTrackingHash(hash: string, tx: Db = db): Promise<TicketRecord | null> {
      const [row] = await tx.select().from(tickets).where(eq(tickets.trackingHash, hash));
      return row ? rec(row) : null;
    },

    /** Tickets whose contact phone is this number (keyed hash: the number is never compared in clear). */
    async findByPhone(phone: string, scope?: TicketScope, tx: Db = db): Promise<TicketRecord[]> {
      const hmacs = cipherOf()?.phoneHmacsForSearch(phone) ?? [];
      if (hmacs.length === 0) return [];
      const rows = await tx
        .select()
        .from(tickets)
        .where(scoped(inArray(tickets.contactPhoneHmac, hmacs), scope))
        .orderBy(asc(tickets.id));
      return rows.map(rec);
    },

    /** Tickets whose contact email is this address (keyed hash). */
    async findByEmail(email: string, scope?: TicketScope, tx: Db = db): Promise<TicketRecord[]> {
      const hmac = cipherOf()?.identifierHmac(email);
      if (!hmac) return [];
      const rows = await tx
        .select()
        .from(tickets)
        .where(scoped(eq(tickets.contactEmailHmac, hmac), scope))
        .orderBy(asc(tickets.id));
      return rows.map(rec);
    },

    /** Ticket counts by status within the scope (dashboards). */
    async countByStatus(scope?: TicketScope, departmentId?: number): Promise<Record<string, number>> {
      const where = departmentId === undefined ? sql`TRUE` : sql`${tickets.departmentId} = ${departmentId}`;
      const rows = await db
        .select({ status: tickets.status, n: count() })
        .from(tickets)
        .where(scoped(where, scope))
        .groupBy(tickets.status);
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
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
        const current = rec(row);
        const { patch, events, result } = await change(current, tx);
        const {
          id: _id,
          ticketNo: _no,
          createdAt: _c,
          version: _v,
          contactName,
          contactPhone,
          contactEmail,
          contactIdNumber,
          ...writable
        } = patch;
        await tx
          .update(tickets)
          .set({
            ...writable,
            // Contact fields are stored encrypted, whoever changes them.
            ...protectContact(cipherOf(), { contactName, contactPhone, contactEmail, contactIdNumber }),
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
      if (filter.ownerOrAssigneeId !== undefined) {
        // Two single-column indexes (owner, assignee) combine into one bitmap scan.
        const me = filter.ownerOrAssigneeId;
        conditions.push(or(eq(tickets.ownerId, me), eq(tickets.assigneeId, me))!);
      }
      if (filter.overdueAt) conditions.push(overdueAt(filter.overdueAt));
      if (filter.q) {
        const q = filter.q.trim();
        const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        // Substring search (pg_trgm index) over the text, or an exact ticket number, or — for a whole
        // phone number — its keyed hash (the number itself is encrypted and cannot be searched).
        const hmacs = /^\+?[0-9][0-9 -]{5,19}$/.test(q) ? (cipherOf()?.phoneHmacsForSearch(q) ?? []) : [];
        conditions.push(
          or(
            ilike(tickets.text, pattern),
            eq(tickets.ticketNo, q),
            ...(hmacs.length ? [inArray(tickets.contactPhoneHmac, hmacs)] : []),
          )!,
        );
      }
      if (filter.scope) conditions.push(scopeCondition(filter.scope));
      // Newest first; the cursor is the last row's (receivedAt, id), so deep pages cost what page one costs.
      // A row comparison, not `a < x OR (a = x AND id < y)`: PostgreSQL starts the index scan at the cursor
      // only for the row form (with the OR it reads every newer row of the filter and throws them away).
      if (filter.cursor) {
        const c = decodeCursor(filter.cursor);
        conditions.push(
          sql`(${tickets.receivedAt}, ${tickets.id}) < (${c.at.toISOString()}::timestamptz, ${c.id})`,
        );
      }
      const limit = filter.limit ?? 50;
      const rows = await db
        .select()
        .from(tickets)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(tickets.receivedAt), desc(tickets.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit).map(rec);
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
      };
    },
  };
}

export type TicketRepository = ReturnType<typeof createTicketRepository>;

/**
 * The earliest deadline still running on an open ticket: first response until it is given, and
 * resolution. The same expression is indexed (tickets_open_due_idx, partial on open tickets), so the
 * overdue queue reads the few late tickets, never every open one.
 */
export const OPEN_DUE_EXPRESSION = sql`LEAST(CASE WHEN ${tickets.firstResponseAt} IS NULL THEN ${tickets.firstResponseDueAt} END, ${tickets.resolutionDueAt})`;

/**
 * Open tickets with a deadline at or before `now`: the SQL form of isOverdue (domain/sla/ticket-sla.ts)
 * for a ticket without closure, which is every ticket not yet final. A paused ticket has no due instant
 * while the pause lasts, so waiting on the patient never counts as late.
 */
function overdueAt(now: Date): SQL {
  return sql`${tickets.closure} IS NULL AND ${OPEN_DUE_EXPRESSION} <= ${now.toISOString()}::timestamptz`;
}

export interface TicketListFilter {
  status?: Status[];
  level?: number[];
  category?: string[];
  departmentId?: number;
  ownerId?: number;
  awaitingTriage?: boolean;
  /** The caller's own work: tickets this staff member owns (首诉负责制) or is assigned to. */
  ownerOrAssigneeId?: number;
  /** Only open tickets with some deadline at or before this instant (the route passes its clock's now). */
  overdueAt?: Date;
  q?: string;
  /** The viewer's scope, applied in the query; absent = no restriction (system jobs). */
  scope?: TicketScope;
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
