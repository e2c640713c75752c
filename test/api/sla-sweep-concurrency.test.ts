import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/jobs/job-runner.ts';
import { JOBS } from '../../src/jobs/registry.ts';
import { createLogger, createRuntime, type Runtime } from '../../src/server.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { BACKENDS, fakeClock, openTestDatabase, type TestDatabase, testConfig } from '../support/backends.ts';

const TICKETS = 12;
// Every stage of a provisional level-2 ticket received Wed 11 Mar 2026 is over by then.
const LATER = new Date('2026-03-25T02:00:00Z');
const STAGES_PER_TICKET = 6;

/**
 * Two sweepers at once — on PostgreSQL two servers (separate connection pools), on PGlite two runners
 * in one process — must fire each stage of each ticket exactly once between them.
 */
describe.each(BACKENDS)('concurrent SLA sweeps on %s', (backend) => {
  const clock = fakeClock('2026-03-11T02:00:00Z');
  const config = testConfig();
  const logger = createLogger(config);
  let test: TestDatabase;
  let rt: Runtime;
  let second: Database;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    rt = await createRuntime({ config, database: test.database, clock, logger });
    second = test.url ? await openDatabase({ databaseUrl: test.url, poolSize: 4 }) : test.database;
    for (let i = 0; i < TICKETS; i++) {
      const res = await rt.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: { text: `排队太久 ${i}` },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await rt?.close();
    if (second && second !== test.database) await second.close();
    await test?.drop();
  });

  it('fires every stage once between two sweepers', async () => {
    const runner = (database: Database) => createJobRunner({ jobs: JOBS, database, logger, config, clock });
    const [a, b] = await Promise.all([
      runner(test.database).runOnce('sla-sweep', LATER),
      runner(second).runOnce('sla-sweep', LATER),
    ]);
    expect(a.fired! + b.fired!).toBe(TICKETS * STAGES_PER_TICKET);

    const events = await test.database.query<{ n: number; distinct_n: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT (ticket_id, payload->>'target', payload->>'stage'))::int AS distinct_n
       FROM ticket_events WHERE type LIKE 'sla\\_%'`,
    );
    expect(events[0]).toEqual({ n: TICKETS * STAGES_PER_TICKET, distinct_n: TICKETS * STAGES_PER_TICKET });
    const pending = await test.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM tickets WHERE sla_next_at IS NOT NULL',
    );
    expect(pending[0]!.n).toBe(0);

    const again = await runner(second).runOnce('sla-sweep', LATER);
    expect(again.fired).toBe(0);
  });
});
