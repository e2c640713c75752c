import { bigint, date, index, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Per-day rollup of the tickets for the dashboard and reports (jobs/dashboard-rollup.job.ts). One row
 * per local day (the institution's time zone) and combination of the attributes a figure is cut by; a
 * day is always recomputed whole (delete + insert in one transaction), so a row never needs updating
 * and intake never writes here. Only facts that no longer change with the clock are rolled up:
 * whether a running deadline has passed is decided at read time from the live tickets.
 *
 * `department_id` and `subject_staff_id` are in the key so the dashboard applies the viewer's scope to
 * the rollup exactly as to tickets: a department's figures, and never the tickets naming the viewer.
 * Channel is not: the dashboard does not cut by it, and with it the rollup had three times the rows
 * (1.5 rows per ticket on the bench's million). Add it when a report needs it.
 */
export const ticketDailyStats = pgTable(
  'ticket_daily_stats',
  {
    day: date('day', { mode: 'string' }).notNull(),
    departmentId: bigint('department_id', { mode: 'number' }),
    subjectStaffId: bigint('subject_staff_id', { mode: 'number' }),
    level: smallint('level'),
    kind: text('kind'),
    category: text('category'),
    /** Tickets received on `day`. */
    received: integer('received').notNull().default(0),
    /** Tickets closed on `day` (whatever day they were received). */
    closed: integer('closed').notNull().default(0),
    /**
     * Of the tickets received on `day`: first response settled in time / late. A ticket still open
     * and unanswered is in neither (its deadline may pass later: the dashboard counts it live).
     */
    responseMet: integer('response_met').notNull().default(0),
    responseMissed: integer('response_missed').notNull().default(0),
    /** Of the tickets received on `day`: resolution settled in time / late (closed tickets only). */
    resolutionMet: integer('resolution_met').notNull().default(0),
    resolutionMissed: integer('resolution_missed').notNull().default(0),
  },
  (t) => [index('ticket_daily_stats_day_idx').on(t.day, t.departmentId)],
);

/**
 * The rollup's bookkeeping, one row (id 1), locked by the job while it runs so two servers never
 * recompute at once. Tickets whose `updated_at` is after `watermark` may not be in the rollup yet: the
 * dashboard computes their days live.
 */
export const ticketDailyStatsState = pgTable('ticket_daily_stats_state', {
  id: smallint('id').primaryKey(),
  /** null until the first build finished: then every day is computed live. */
  watermark: timestamp('watermark', { withTimezone: true, mode: 'date' }),
  /** The time zone the days were cut in; another one (configuration changed) rebuilds everything. */
  timeZone: text('time_zone'),
  builtAt: timestamp('built_at', { withTimezone: true, mode: 'date' }),
});
