import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineJob, type JobContext } from '../../src/jobs/job.ts';
import { createJobRunner } from '../../src/jobs/job-runner.ts';
import { createLogger } from '../../src/server.ts';
import { migrate } from '../../src/store/migrate.ts';
import { BACKENDS, fakeClock, openTestDatabase, type TestDatabase, testConfig } from '../support/backends.ts';

describe.each(BACKENDS)('job runner on %s', (backend) => {
  let test: TestDatabase;
  const config = testConfig();
  const logger = createLogger(config);
  const clock = fakeClock('2026-03-11T02:00:00Z');
  const seen: Date[] = [];
  let failNext = false;
  const counting = defineJob({
    id: 'counting',
    intervalMs: 3_600_000,
    description: 'records the instant it ran with',
    handler: async (ctx: JobContext) => {
      if (failNext) {
        failNext = false;
        throw new Error('boom');
      }
      seen.push(ctx.now);
      return { ran: 1 };
    },
  });

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    await migrate(test.database);
  });
  afterAll(async () => {
    await test?.drop();
  });

  const runner = () => createJobRunner({ jobs: [counting], database: test.database, logger, config, clock });

  it('runs every job on start (catch-up) and stops cleanly', async () => {
    const jobs = runner();
    jobs.start();
    await expect.poll(() => seen.length).toBe(1);
    await jobs.stop();
    expect(seen[0]).toEqual(new Date('2026-03-11T02:00:00Z'));
  });

  it('runOnce runs with the given instant and records the last success', async () => {
    const jobs = runner();
    const result = await jobs.runOnce('counting', new Date('2026-03-12T00:00:00Z'));
    expect(result).toEqual({ ran: 1 });
    expect(seen.at(-1)).toEqual(new Date('2026-03-12T00:00:00Z'));
    const [status] = await jobs.status();
    expect(status).toMatchObject({
      jobId: 'counting',
      lastSuccessAt: new Date('2026-03-12T00:00:00Z'),
      lastResult: { ran: 1 },
      failuresInRow: 0,
    });
  });

  it('records a failure without losing the last success, and rethrows it to runOnce', async () => {
    const jobs = runner();
    failNext = true;
    await expect(jobs.runOnce('counting', new Date('2026-03-13T00:00:00Z'))).rejects.toThrow('boom');
    const [status] = await jobs.status();
    expect(status).toMatchObject({
      lastSuccessAt: new Date('2026-03-12T00:00:00Z'),
      lastErrorAt: new Date('2026-03-13T00:00:00Z'),
      lastError: 'boom',
      failuresInRow: 1,
    });
  });

  it('refuses an unknown job with a coded error', async () => {
    await expect(runner().runOnce('nope')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });
});
