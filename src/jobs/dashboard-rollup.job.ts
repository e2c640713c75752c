import { createDashboardRollupRepository } from '../store/dashboard-rollup.repository.ts';
import { defineJob, type JobResult } from './job.ts';

const ROLLUP_INTERVAL_MS = 60_000;
/**
 * How far behind `now` the next run starts looking for changed tickets. A ticket transaction stamps
 * `updated_at` with its own start and is seen once it commits; any change committed within this
 * margin of its stamp (ticket transactions take milliseconds) and any clock skew between servers
 * below it is still picked up. Looking back further only recomputes a few more days.
 */
export const ROLLUP_WATERMARK_LAG_MS = 5 * 60_000;

/**
 * Keeps the dashboard's per-day rollup (ticket_daily_stats) up to date: recomputes, whole, the local
 * days touched by tickets changed since the last run. The dashboard reads what is newer from the
 * tickets themselves, so a late or failed run costs speed, never correctness.
 */
export const dashboardRollupJob = defineJob({
  id: 'dashboard-rollup',
  intervalMs: ROLLUP_INTERVAL_MS,
  description: 'Recompute the per-day dashboard rollup for the days changed tickets touch',
  handler: async (ctx): Promise<JobResult> => {
    const rollup = createDashboardRollupRepository(ctx.database.db);
    const done = await rollup.refresh({
      timeZone: ctx.config.timeZone,
      watermark: new Date(ctx.now.getTime() - ROLLUP_WATERMARK_LAG_MS),
      now: ctx.now,
    });
    if (!done.ran) return { skipped: 1 };
    return { full: done.full ? 1 : 0, days: done.days, rows: done.rows };
  },
});
