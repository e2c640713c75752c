import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { departments, staffUsers, tickets } from './schema.ts';

/**
 * Tables of the handling workflow (issue 5): routing rules, who can handle what, on-call list,
 * webhook sources and their idempotency keys, department tasks, the notification outbox, attachments
 * and praise records. Departments and staff accounts live in schema.ts.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Routing rules, tried by ascending `priority`; the first rule whose every set condition matches sends
 * the ticket to its department. A rule with no conditions is a catch-all.
 */
export const routingRules = pgTable('routing_rules', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  priority: integer('priority').notNull(),
  category: text('category'),
  kind: text('kind'),
  channel: text('channel'),
  /** Any of these (case-insensitive substrings of the text) matches; empty = no keyword condition. */
  keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
  departmentId: bigint('department_id', { mode: 'number' })
    .notNull()
    .references(() => departments.id),
  active: boolean('active').notNull().default(true),
  note: text('note'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** What a staff member can handle and how to reach them; one row per staff user who handles tickets. */
export const staffProfiles = pgTable('staff_profiles', {
  userId: bigint('user_id', { mode: 'number' })
    .primaryKey()
    .references(() => staffUsers.id),
  languages: jsonb('languages').$type<string[]>().notNull().default(['zh']),
  skills: jsonb('skills').$type<string[]>().notNull().default([]),
  /** Off duty, on leave: never picked by automatic assignment. */
  available: boolean('available').notNull().default(true),
  /** Head of their department: receives level-1 tickets and patients' rejections. */
  departmentHead: boolean('department_head').notNull().default(false),
  email: text('email'),
  phone: text('phone'),
});

/** Who is paged when a level-1 ticket arrives; a null department means hospital-wide. */
export const onCallEntries = pgTable('on_call_entries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  departmentId: bigint('department_id', { mode: 'number' }).references(() => departments.id),
  userId: bigint('user_id', { mode: 'number' })
    .notNull()
    .references(() => staffUsers.id),
  active: boolean('active').notNull().default(true),
});

/** Round-robin memory per department: ties in load go to the next handler after this one. */
export const assignmentCursors = pgTable('assignment_cursors', {
  departmentId: bigint('department_id', { mode: 'number' })
    .primaryKey()
    .references(() => departments.id),
  lastUserId: bigint('last_user_id', { mode: 'number' }),
});

/**
 * Systems allowed to post tickets to /api/v1/intake/{code}. Their HMAC secrets are not stored here
 * (see config CARELOOP_INTAKE_SECRETS): a database dump or backup must not let anyone forge intake.
 */
export const intakeSources = pgTable('intake_sources', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  channel: text('channel').notNull().default('webhook'),
  /** Tickets from this source are VIP (a private health-advisor bridge). */
  vip: boolean('vip').notNull().default(false),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** One row per accepted webhook delivery, written in the ticket's transaction: retries find it. */
export const intakeIdempotency = pgTable(
  'intake_idempotency',
  {
    source: text('source').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the raw body: the same key with another body is refused, not answered. */
    bodyHash: text('body_hash').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).references(() => tickets.id),
    response: jsonb('response').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.key] })],
);

/** Department tasks (科室反馈): a question one department must answer by a due time. */
export const ticketTasks = pgTable(
  'ticket_tasks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    departmentId: bigint('department_id', { mode: 'number' })
      .notNull()
      .references(() => departments.id),
    assigneeId: bigint('assignee_id', { mode: 'number' }).references(() => staffUsers.id),
    question: text('question').notNull(),
    answer: text('answer'),
    dueAt: ts('due_at').notNull(),
    state: text('state').notNull().default('open'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => staffUsers.id),
    createdAt: ts('created_at').notNull(),
    answeredAt: ts('answered_at'),
  },
  (t) => [
    index('ticket_tasks_ticket_idx').on(t.ticketId),
    index('ticket_tasks_open_due_idx').on(t.dueAt).where(sql`${t.state} = 'open'`),
  ],
);

/**
 * Messages to patients and staff, written in the same transaction as the ticket change that caused
 * them and delivered later by the drain: a provider being down never blocks or undoes a ticket change.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' }).references(() => tickets.id),
    template: text('template').notNull(),
    /** email | sms | wechat */
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    audience: text('audience').notNull(),
    lang: text('lang').notNull(),
    subject: text('subject').notNull(),
    /** Emptied once delivered: a message can hold a tracking code, which must not linger. */
    body: text('body').notNull(),
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    provider: text('provider'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('notification_outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index('notification_outbox_state_idx').on(t.state, t.id),
  ],
);

/** Files attached to a ticket (images, voice); the bytes live in the attachment store. */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    storageKey: text('storage_key').notNull().unique(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    fileName: text('file_name'),
    sha256: text('sha256').notNull(),
    /** patient: the patient sent it (and may see it again); internal: staff only. */
    visibility: text('visibility').notNull(),
    uploadedByType: text('uploaded_by_type').notNull(),
    uploadedById: bigint('uploaded_by_id', { mode: 'number' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('ticket_attachments_ticket_idx').on(t.ticketId)],
);

/** Praise routed to the praised department: the seed of the staff recognition report. */
export const praiseRecords = pgTable(
  'praise_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .unique()
      .references(() => tickets.id),
    departmentId: bigint('department_id', { mode: 'number' }).references(() => departments.id),
    receivedAt: ts('received_at').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [index('praise_records_department_idx').on(t.departmentId, t.receivedAt)],
);
