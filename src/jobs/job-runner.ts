import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { AppError } from '../domain/app-error.ts';
import type { Database } from '../store/database.ts';
import { createJobRunRepository, type JobRunRecord } from '../store/job-run.repository.ts';
import type { JobDefinition, JobResult } from './job.ts';

export interface JobRunnerDeps {
  jobs: readonly JobDefinition[];
  database: Database;
  logger: Logger;
  config: Config;
  clock: () => Date;
}

export interface JobRunner {
  /** Runs every job now (catch-up after downtime), then each every `intervalMs` until stop(). */
  start(): void;
  /** Stops scheduling and waits for runs in flight, so the database can be closed after it. */
  stop(): Promise<void>;
  /** Runs one job immediately with `now` (default: the clock) and returns what it did; throws its error. */
  runOnce(jobId: string, now?: Date): Promise<JobResult>;
  /** Last run of each job as recorded in the database (for health checks). */
  status(): Promise<JobRunRecord[]>;
}

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  const { jobs, database, config, clock } = deps;
  const runs = createJobRunRepository(database.db);
  const timers = new Map<string, NodeJS.Timeout>();
  // One run per job at a time in this process: a slow sweep is never overlapped by its next tick.
  const inFlight = new Map<string, Promise<JobResult>>();
  let stopped = false;

  function definition(jobId: string): JobDefinition {
    const job = jobs.find((j) => j.id === jobId);
    if (!job)
      throw new AppError('JOB_NOT_FOUND', `No job '${jobId}' (known: ${jobs.map((j) => j.id).join(', ')}).`);
    return job;
  }

  async function execute(job: JobDefinition, now: Date): Promise<JobResult> {
    const logger = deps.logger.child({ job: job.id });
    const started = performance.now();
    await runs.started(job.id, now);
    try {
      const result = await job.handler({ now, database, logger, config });
      const durationMs = Math.round(performance.now() - started);
      await runs.succeeded(job.id, now, durationMs, result);
      const didWork = Object.values(result).some((n) => n > 0);
      logger[didWork ? 'info' : 'debug']({ result, durationMs }, 'job run finished');
      return result;
    } catch (err) {
      logger.error({ err }, 'job run failed');
      await runs.failed(job.id, now, err instanceof Error ? err.message : String(err)).catch(() => {});
      throw err;
    }
  }

  async function runOnce(jobId: string, now: Date = clock()): Promise<JobResult> {
    const job = definition(jobId);
    const previous = inFlight.get(job.id) ?? Promise.resolve({});
    // Queued behind a run in flight rather than skipped: the caller asked for a run at `now`.
    const run = previous.catch(() => ({})).then(() => execute(job, now));
    inFlight.set(job.id, run);
    const forget = () => {
      if (inFlight.get(job.id) === run) inFlight.delete(job.id);
    };
    run.then(forget, forget);
    return run;
  }

  function schedule(job: JobDefinition, delayMs: number): void {
    if (stopped) return;
    const timer = setTimeout(() => {
      if (inFlight.has(job.id)) return schedule(job, job.intervalMs);
      runOnce(job.id)
        .catch(() => {}) // already logged and recorded; the next tick retries
        .finally(() => schedule(job, job.intervalMs));
    }, delayMs);
    // A pending sweep must not keep a CLI process or a test worker alive.
    timer.unref();
    timers.set(job.id, timer);
  }

  return {
    start() {
      stopped = false;
      for (const job of jobs) schedule(job, 0);
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight.values()]);
    },
    runOnce,
    status: () => runs.list(),
  };
}
