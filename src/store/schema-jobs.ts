import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Bookkeeping of the periodic jobs (src/jobs): one row per job id, upserted by every run. Health
 * checks read `last_success_at` to say whether a sweep is keeping up; the work itself lives in the
 * rows each job sweeps (tickets.sla_next_at, the outbox), never here.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const jobRuns = pgTable('job_runs', {
  jobId: text('job_id').primaryKey(),
  lastStartedAt: ts('last_started_at'),
  lastSuccessAt: ts('last_success_at'),
  /** What the last successful run did, e.g. {"fired": 3}. */
  lastResult: jsonb('last_result').$type<Record<string, number>>(),
  lastDurationMs: integer('last_duration_ms'),
  lastErrorAt: ts('last_error_at'),
  lastError: text('last_error'),
  /** Failures since the last success: 0 when healthy. */
  failuresInRow: integer('failures_in_row').notNull().default(0),
});
