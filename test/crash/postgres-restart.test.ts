import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { TEST_ADMIN_PASSWORD } from '../support/backends.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { type Accepted, requestOnFreshConnection, sleep, submitWithRetry } from './crash-support.ts';
import { startOwnPostgres } from './own-postgres.ts';

/**
 * The PostgreSQL server stops and starts again under intake load (our own throw-away instance, never
 * the shared one). While it is down CareLoop says so — /healthz 503, writes 503 DATABASE_UNAVAILABLE,
 * each answered (no 500, no request left hanging) — and once it is back CareLoop serves again by
 * itself: same process, no restart.
 */
const CLIENTS = 5;
const OUTAGE_MS = 3_000;

describe('PostgreSQL restarted under load', () => {
  it('reports unhealthy and 503 while down, and recovers by itself', async () => {
    const db = await startOwnPostgres();
    let server: ServerProcess | undefined;
    try {
      server = await startServerProcess({
        env: { DATABASE_URL: db.url, CARELOOP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
      });
      const running = server;
      let exited = false;
      void running.exited.then(() => {
        exited = true;
      });
      const accepted: Accepted[] = [];
      const failures: number[] = [];
      let stopping = false;
      const client = async (c: number) => {
        for (let i = 0; !stopping && i < 1_000; i++) {
          const key = `pg-restart-${c}-${i}`;
          // A request left hanging would end as a 10 s client timeout and count as failure 0.
          const outcome = await submitWithRetry(() => running.url, key, `pg restart ${key}`, {
            maxAttempts: 400,
            pauseMs: 150,
          });
          failures.push(...outcome.failures);
          if (outcome.accepted) accepted.push(outcome.accepted);
          await sleep(50);
        }
      };
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
      await sleep(1_500);
      const beforeOutage = accepted.length;

      db.stop('fast');
      const health: number[] = [];
      for (let i = 0; i < 3; i++) {
        health.push((await requestOnFreshConnection(`${running.url}/healthz`)).status);
        await sleep(OUTAGE_MS / 3);
      }
      const write = await requestOnFreshConnection(`${running.url}/api/v1/feedback`, {
        method: 'POST',
        json: { text: 'written while the database is down' },
      });
      const writeBody = JSON.parse(write.body) as { error?: { code?: string } };
      db.start();

      let healthyAgain = false;
      for (let i = 0; i < 120 && !healthyAgain; i++) {
        healthyAgain = (await requestOnFreshConnection(`${running.url}/healthz`)).status === 200;
        if (!healthyAgain) await sleep(500);
      }
      const afterRecovery = accepted.length;
      await sleep(1_500);
      stopping = true;
      await Promise.all(clients);

      expect(beforeOutage).toBeGreaterThan(0);
      expect(health).toEqual([503, 503, 503]);
      expect(write.status).toBe(503);
      expect(writeBody.error?.code).toBe('DATABASE_UNAVAILABLE');
      expect(healthyAgain).toBe(true);
      // Intake works again in the same process.
      expect(accepted.length).toBeGreaterThan(afterRecovery);
      expect(exited).toBe(false);
      // The clients saw the outage, and only as 503s.
      expect(failures.length).toBeGreaterThan(0);
      expect([...new Set(failures)]).toEqual([503]);

      const database = await openDatabase({ databaseUrl: db.url, poolSize: 1 });
      try {
        const rows = await database.query<{ text: string; n: number }>(
          `SELECT text, count(*)::int AS n FROM tickets WHERE text LIKE 'pg restart %' GROUP BY text`,
        );
        expect(rows.filter((r) => r.n !== 1)).toEqual([]);
        expect(rows.length).toBe(accepted.length);
      } finally {
        await database.close();
      }
    } finally {
      await server?.kill9();
      db.destroy();
    }
  }, 300_000);
});
