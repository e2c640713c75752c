import { sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { jobRuns } from './schema-jobs.ts';

export interface JobRunRecord {
  jobId: string;
  lastStartedAt: Date | null;
  lastSuccessAt: Date | null;
  lastResult: Record<string, number> | null;
  lastDurationMs: number | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  failuresInRow: number;
}

/** Records of job runs; timestamps are the job's `now` (the injected clock), not the database's. */
export function createJobRunRepository(db: Db) {
  return {
    async started(jobId: string, at: Date): Promise<void> {
      await db
        .insert(jobRuns)
        .values({ jobId, lastStartedAt: at })
        .onConflictDoUpdate({ target: jobRuns.jobId, set: { lastStartedAt: at } });
    },

    async succeeded(jobId: string, at: Date, durationMs: number, result: Record<string, number>) {
      await db
        .insert(jobRuns)
        .values({ jobId, lastSuccessAt: at, lastDurationMs: durationMs, lastResult: result })
        .onConflictDoUpdate({
          target: jobRuns.jobId,
          set: { lastSuccessAt: at, lastDurationMs: durationMs, lastResult: result, failuresInRow: 0 },
        });
    },

    async failed(jobId: string, at: Date, error: string): Promise<void> {
      const message = error.slice(0, 1000);
      await db
        .insert(jobRuns)
        .values({ jobId, lastErrorAt: at, lastError: message, failuresInRow: 1 })
        .onConflictDoUpdate({
          target: jobRuns.jobId,
          set: { lastErrorAt: at, lastError: message, failuresInRow: sql`${jobRuns.failuresInRow} + 1` },
        });
    },

    async list(): Promise<JobRunRecord[]> {
      return db.select().from(jobRuns).orderBy(jobRuns.jobId);
    },
  };
}

export type JobRunRepository = ReturnType<typeof createJobRunRepository>;
