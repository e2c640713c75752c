import type { Database } from './database.ts';

/**
 * Read-only queries for health checks and metrics. They are cheap (grouped counts over indexed columns)
 * and never return personal data. Tables owned by parts that may not be installed yet (the job
 * bookkeeping) are probed first, so health and metrics keep working on any schema version.
 */

export interface StatusCount {
  status: string;
  count: number;
}

export interface UnansweredTicket {
  level: number;
  receivedAt: Date;
  vip: boolean;
}

export interface OutboxStateCount {
  state: string;
  count: number;
  /** Pending messages that already failed at least once (the provider is refusing or down). */
  retrying: number;
  oldestNextAttemptAt: Date | null;
}

export interface JobRunSummary {
  jobId: string;
  lastSuccessAt: Date | null;
  failuresInRow: number;
}

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export function createOpsRepository(database: Database) {
  async function tableExists(name: string): Promise<boolean> {
    const rows = await database.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
      `public.${name}`,
    ]);
    return rows[0]?.present === true;
  }

  return {
    async ping(): Promise<void> {
      await database.query('SELECT 1');
    },

    /** Tickets not yet closed, by status. */
    async openTicketsByStatus(): Promise<StatusCount[]> {
      const rows = await database.query<{ status: string; count: number }>(
        'SELECT status, count(*)::int AS count FROM tickets WHERE closed_at IS NULL GROUP BY status ORDER BY status',
      );
      return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
    },

    /** Open, triaged tickets nobody has answered yet: the ones a first-response deadline can pass on. */
    async unansweredOpenTickets(): Promise<UnansweredTicket[]> {
      const rows = await database.query<{ level: number; received_at: unknown; vip: boolean }>(
        `SELECT level, received_at, vip FROM tickets
          WHERE closed_at IS NULL AND first_response_at IS NULL AND level IS NOT NULL`,
      );
      return rows.map((r) => ({ level: Number(r.level), receivedAt: toDate(r.received_at)!, vip: r.vip }));
    },

    async outboxByState(): Promise<OutboxStateCount[] | null> {
      if (!(await tableExists('notification_outbox'))) return null;
      const rows = await database.query<{ state: string; count: number; retrying: number; oldest: unknown }>(
        `SELECT state, count(*)::int AS count, count(*) FILTER (WHERE attempts > 0)::int AS retrying,
                min(next_attempt_at) AS oldest
           FROM notification_outbox GROUP BY state ORDER BY state`,
      );
      return rows.map((r) => ({
        state: r.state,
        count: Number(r.count),
        retrying: Number(r.retrying),
        oldestNextAttemptAt: toDate(r.oldest),
      }));
    },

    /** Null when this version has no job bookkeeping table. */
    async jobRuns(): Promise<JobRunSummary[] | null> {
      if (!(await tableExists('job_runs'))) return null;
      const rows = await database.query<{
        job_id: string;
        last_success_at: unknown;
        failures_in_row: number;
      }>('SELECT job_id, last_success_at, failures_in_row FROM job_runs ORDER BY job_id');
      return rows.map((r) => ({
        jobId: r.job_id,
        lastSuccessAt: toDate(r.last_success_at),
        failuresInRow: Number(r.failures_in_row),
      }));
    },
  };
}

export type OpsRepository = ReturnType<typeof createOpsRepository>;
