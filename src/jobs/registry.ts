import { auditSealJob } from './audit-seal.job.ts';
import { dashboardRollupJob } from './dashboard-rollup.job.ts';
import { deliverNotificationsJob } from './deliver-notifications.job.ts';
import type { JobDefinition } from './job.ts';
import { lapseConfirmationsJob } from './lapse-confirmations.job.ts';
import { privacyRetentionJob } from './privacy-retention.job.ts';
import { slaSweepJob } from './sla-sweep.job.ts';

/**
 * Every periodic job the server runs. To add one: write `src/jobs/<name>.job.ts` exporting
 * `export const myJob = defineJob({ id: 'my-job', intervalMs: 60_000, description, handler })`
 * (see job.ts for the rules a handler follows), import it here and append it to JOBS. The runner
 * started by createRuntime runs each job once at start (catch-up after downtime) and then every
 * `intervalMs`; tests call `runtime.jobs.runOnce('my-job', now)` with the instant they want.
 */
export const JOBS: readonly JobDefinition[] = [
  privacyRetentionJob,
  slaSweepJob,
  lapseConfirmationsJob,
  deliverNotificationsJob,
  auditSealJob,
  dashboardRollupJob,
];
