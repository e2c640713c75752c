import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../store/database.ts';

/**
 * A periodic job: a sweep over rows that carry their own due instant (tickets.sla_next_at, the
 * outbox's next_attempt_at …). Nothing is scheduled per row: the row IS the timer, so a job only
 * has to find what is due at `now`, claim it with `FOR UPDATE SKIP LOCKED`, act, and store the next
 * instant. That makes every job restart-safe and able to catch up after downtime by construction.
 *
 * Rules for handlers:
 * - use `ctx.now`, never the system clock (tests drive it; catch-up fires with the true instants);
 * - be idempotent: two servers may run the same job at once, and a run may be retried after a crash;
 * - return counts of what was done ({ fired: 3 }); they are logged and kept for health checks;
 * - throw on failure: the runner logs it, records it, and tries again at the next interval.
 */
export interface JobContext {
  now: Date;
  database: Database;
  logger: Logger;
  config: Config;
}

export type JobResult = Record<string, number>;

export interface JobDefinition {
  /** Stable kebab-case id: the key in job_runs and in logs, and what `runner.runOnce(id)` takes. */
  id: string;
  /** Pause between the end of one run and the start of the next. */
  intervalMs: number;
  description: string;
  handler(ctx: JobContext): Promise<JobResult>;
}

/** Identity helper that gives a job definition its type where it is written. */
export function defineJob(definition: JobDefinition): JobDefinition {
  return definition;
}
