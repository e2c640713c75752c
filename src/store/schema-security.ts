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
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { staffUsers, tickets } from './schema.ts';

/**
 * Tables of access control and accountability (issue 6): roles as data, per-user grants, API tokens,
 * login throttling and the hash-chained audit log. Staff accounts and sessions live in schema.ts.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A role is a named set of permissions; presets are seeded on first start and may be edited. */
export const roles = pgTable('roles', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  permissions: jsonb('permissions').$type<string[]>().notNull().default([]),
  /** One of the presets (agent, department_handler, …): cannot be deleted. */
  preset: boolean('preset').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Permissions granted to one user beyond their role (e.g. leadership allowed to see identities). */
export const staffGrants = pgTable(
  'staff_grants',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => staffUsers.id),
    permission: text('permission').notNull(),
    grantedBy: bigint('granted_by', { mode: 'number' }).references(() => staffUsers.id),
    grantedAt: ts('granted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.permission] })],
);

/**
 * Tokens for integrations (`Authorization: Bearer clt_…`). Only the SHA-256 of the token is stored; the
 * token acts as its user, limited to its scopes.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters of the token, to tell tokens apart in lists. */
    prefix: text('prefix').notNull(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => staffUsers.id),
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => staffUsers.id),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Failed logins per account (`user:<name>`) and per client address (`ip:<addr>`) within a window; a key
 * over its limit is locked until `locked_until`. Unknown usernames are counted too, so a lock-out does
 * not reveal which accounts exist.
 */
export const loginAttempts = pgTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: ts('window_start').notNull(),
  lockedUntil: ts('locked_until'),
});

/**
 * The audit log: who did or saw what, when, from where. Append-only and hash-chained: each row's hash is
 * SHA-256(previous row's hash + the row's canonical form), so editing or deleting a row breaks the chain
 * from that row on (`careloop audit verify`). Only the retention job deletes, from the oldest end, and it
 * anchors the chain in audit_anchor.
 */
export const auditLogIdSeq = pgSequence('audit_log_id_seq', { startWith: 1 });

export const auditLog = pgTable(
  'audit_log',
  {
    // From a sequence, so appends never wait for each other; rolled-back appends leave gaps here.
    id: bigint('id', { mode: 'number' }).primaryKey().default(sql`nextval('audit_log_id_seq')`),
    at: ts('at').notNull(),
    /** staff | token | patient | system */
    actorType: text('actor_type').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name'),
    ip: text('ip'),
    /** ticket.view, ticket.contact.reveal, ticket.reply, user.create, … */
    action: text('action').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).references(() => tickets.id),
    ticketNo: text('ticket_no'),
    /** What else was touched: `user:12`, `token:3`, `subject:phone`, … */
    target: text('target'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * The row's place in the hash chain, gap-free, given by the sealer (audit.repository.ts) shortly after
     * the row committed; null until then, like prev_hash and hash. Rows chained before 0.2 have chain_seq = id.
     */
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_log_chain_idx').on(t.chainSeq),
    // What the sealer reads: the few rows not chained yet, oldest first.
    index('audit_log_unsealed_idx').on(t.id).where(sql`chain_seq IS NULL`),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_ticket_idx').on(t.ticketId),
    index('audit_log_actor_idx').on(t.actorType, t.actorId),
  ],
);

/**
 * One row: where the chain starts after the retention job removed its oldest rows. `last_deleted_id` is
 * the chain position (chain_seq) of the last row removed.
 */
export const auditAnchor = pgTable('audit_anchor', {
  id: integer('id').primaryKey(),
  lastDeletedId: bigint('last_deleted_id', { mode: 'number' }).notNull(),
  lastDeletedHash: text('last_deleted_hash').notNull(),
  deletedCount: bigint('deleted_count', { mode: 'number' }).notNull().default(0),
  updatedAt: ts('updated_at').notNull(),
});
