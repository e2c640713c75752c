import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The database schema. Migrations in ./migrations are generated from this file by drizzle-kit
 * (`npm run db:generate`) and checked in; the migrator applies them at start.
 */

/**
 * Ticket numbers (2026-000123) come from one sequence: numbers are unique and increasing; a rolled-back
 * intake leaves a gap, which is acceptable and cheaper than serialising every intake on a counter row.
 */
export const ticketNoSeq = pgSequence('ticket_no_seq', { startWith: 1 });

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const departments = pgTable('departments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  /** Working calendar of the department's SLA clocks (a Saturday clinic); null = the default calendar. */
  calendarId: text('calendar_id'),
  /** Inactive: kept for the tickets it holds, but routing sends it no new ones (routing.repository.ts). */
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const staffUsers = pgTable('staff_users', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  departmentId: bigint('department_id', { mode: 'number' }).references(() => departments.id),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const staffSessions = pgTable(
  'staff_sessions',
  {
    /** SHA-256 of the session token; the token itself lives only in the browser's cookie. */
    tokenHash: text('token_hash').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => staffUsers.id),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('staff_sessions_user_idx').on(t.userId)],
);

export const tickets = pgTable(
  'tickets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketNo: text('ticket_no').notNull().unique(),
    /** SHA-256 of the patient's tracking code (the code has 130 random bits, so a fast hash is enough). */
    trackingHash: text('tracking_hash').notNull().unique(),
    receivedAt: ts('received_at').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    channel: text('channel').notNull(),
    lang: text('lang').notNull(),
    anonymous: boolean('anonymous').notNull().default(false),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    /**
     * Contact fields (name, phone, email, ID number) hold AES-256-GCM ciphertexts (src/security/field-cipher.ts);
     * the repository encrypts and decrypts them. Phone search uses the keyed hash, the patient's tracking
     * check the last four digits.
     */
    contactIdNumber: text('contact_id_number'),
    contactPhoneHmac: text('contact_phone_hmac'),
    contactEmailHmac: text('contact_email_hmac'),
    phoneLast4: text('phone_last4'),
    /** When the identity was erased (data-subject request or retention); the facts stay for statistics. */
    anonymisedAt: ts('anonymised_at'),
    text: text('text').notNull(),
    kind: text('kind'),
    category: text('category'),
    level: smallint('level'),
    vip: boolean('vip').notNull().default(false),
    complex: boolean('complex').notNull().default(false),
    multiDepartment: boolean('multi_department').notNull().default(false),
    departmentId: bigint('department_id', { mode: 'number' }).references(() => departments.id),
    ownerId: bigint('owner_id', { mode: 'number' }).references(() => staffUsers.id),
    assigneeId: bigint('assignee_id', { mode: 'number' }).references(() => staffUsers.id),
    /** The staff member a complaint is about: the ticket is hidden from them (conflict of interest). */
    subjectStaffId: bigint('subject_staff_id', { mode: 'number' }).references(() => staffUsers.id),
    status: text('status').notNull(),
    reopenCount: integer('reopen_count').notNull().default(0),
    duplicateOfId: bigint('duplicate_of_id', { mode: 'number' }),
    firstResponseAt: ts('first_response_at'),
    resolutionProposedAt: ts('resolution_proposed_at'),
    closedAt: ts('closed_at'),
    /** How the ticket was closed: confirmed by the patient, by lapse of the window, on the spot, … */
    closure: text('closure'),
    /** Bumped by every change; lets clients detect that they act on a stale view. */
    version: integer('version').notNull().default(1),
    lastEventSeq: integer('last_event_seq').notNull().default(0),
    /** SLA (src/services/sla.service.ts): the policy version and calendar the clocks were timed with. */
    slaPolicyId: text('sla_policy_id'),
    slaPolicyVersion: integer('sla_policy_version'),
    slaCalendarId: text('sla_calendar_id'),
    /** The computed deadlines with their explanations (SlaSnapshot), as last timed. */
    sla: jsonb('sla'),
    /** Waiting-on-the-patient intervals [{start, end|null}] (ISO): the clocks stop inside them. */
    slaPauses: jsonb('sla_pauses').notNull().default([]),
    firstResponseDueAt: ts('first_response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    /** The next SLA stage (warning, breach, escalation) to fire; null when none is pending. The sweep's timer. */
    slaNextAt: ts('sla_next_at'),
    /** Set by the sweep when a target's breach fired: the true deadline instant. */
    firstResponseBreachedAt: ts('first_response_breached_at'),
    resolutionBreachedAt: ts('resolution_breached_at'),
  },
  (t) => [
    index('tickets_status_level_idx').on(t.status, t.level, t.receivedAt),
    // The staff queue: department + status + level, newest first, cursor on (received_at, id). With every
    // filter column ahead of the order columns, page 50 of a million tickets reads 51 index entries, as
    // page one does (bench: queue-*). Also serves department-only and department+status look-ups.
    index('tickets_queue_idx').on(t.departmentId, t.status, t.level, t.receivedAt, t.id),
    index('tickets_owner_idx').on(t.ownerId),
    // "Mine" (owner or assignee): the two single-column indexes combine into one bitmap scan.
    index('tickets_assignee_idx').on(t.assigneeId),
    // The overdue queue: the earliest deadline still running on an open ticket, so "late now" reads the
    // few late tickets. The expression must stay identical to OPEN_DUE_EXPRESSION (ticket.repository.ts).
    index('tickets_open_due_idx')
      .on(
        sql`(LEAST(CASE WHEN ${t.firstResponseAt} IS NULL THEN ${t.firstResponseDueAt} END, ${t.resolutionDueAt}))`,
      )
      .where(sql`${t.closure} IS NULL`),
    index('tickets_received_idx').on(t.receivedAt),
    index('tickets_phone_hmac_idx').on(t.contactPhoneHmac),
    index('tickets_email_hmac_idx').on(t.contactEmailHmac),
    index('tickets_closed_idx').on(t.closedAt),
    // The dashboard rollup (jobs/dashboard-rollup.job.ts) finds the tickets changed since its last run.
    index('tickets_updated_idx').on(t.updatedAt),
    // "What is due next" is an index scan over the few tickets with a pending stage, never all open ones.
    index('tickets_sla_next_idx').on(t.slaNextAt).where(sql`${t.slaNextAt} IS NOT NULL`),
    // Substring search (also for Chinese) over the feedback text.
    index('tickets_text_trgm_idx').using('gin', sql`${t.text} gin_trgm_ops`),
  ],
);

export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    /** 1, 2, 3 … within the ticket: the timeline's order, and proof that no event went missing. */
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    at: ts('at').notNull(),
    visibility: text('visibility').notNull(),
    payload: jsonb('payload').notNull().default({}),
  },
  (t) => [uniqueIndex('ticket_events_ticket_seq_idx').on(t.ticketId, t.seq)],
);
