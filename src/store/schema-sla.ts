import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { WeeklyPeriod } from '../domain/calendar/calendar.ts';
import type { SlaPolicy } from '../domain/sla/sla-policy.ts';
import { tickets } from './schema.ts';

/**
 * Working calendars, SLA policies and the record of fired SLA stages (issue 3). The deadlines
 * themselves live on the ticket row (schema.ts: sla_* columns).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const calendars = pgTable('calendars', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  weeklyPeriods: jsonb('weekly_periods').$type<WeeklyPeriod[]>().notNull(),
  /** Years whose holiday data is loaded; other years are worked as weekends only (and warned about). */
  coveredYears: jsonb('covered_years').$type<number[]>().notNull(),
  /** Bumped by every change to the calendar or its overrides: servers rebuild their cached copy. */
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
});

export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    calendarId: text('calendar_id')
      .notNull()
      .references(() => calendars.id),
    date: date('date', { mode: 'string' }).notNull(),
    /** off | working */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.calendarId, t.date] })],
);

/** Versioned policies: a ticket is timed with the version active at its receipt and records it. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<SlaPolicy>().notNull(),
    activeFrom: ts('active_from').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] }), index('sla_policies_active_idx').on(t.activeFrom)],
);

/**
 * One row per SLA stage fired on a ticket. The unique key is what makes each warning, breach and
 * escalation fire exactly once, whatever the number of servers sweeping or restarts in between.
 */
export const slaFiredStages = pgTable(
  'sla_fired_stages',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    /** first_response | resolution */
    target: text('target').notNull(),
    /** warning | breach | escalation */
    stage: text('stage').notNull(),
    /** The stage's true instant, even when the sweep fired it late (after downtime). */
    dueAt: ts('due_at').notNull(),
    firedAt: ts('fired_at').notNull(),
  },
  (t) => [uniqueIndex('sla_fired_stages_once_idx').on(t.ticketId, t.target, t.stage)],
);
