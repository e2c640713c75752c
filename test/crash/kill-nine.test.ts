import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { BACKENDS, TEST_ADMIN_PASSWORD } from '../support/backends.ts';
import { freePort, type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { type Accepted, crashBackend, seeded, sleep, submitWithRetry } from './crash-support.ts';

/**
 * `kill -9` of a real server under intake load (~100 requests/s from 10 clients), at seeded random
 * moments, then a restart on the same folder or database: every submission that got a 201 is there
 * with its whole timeline, nothing is half-written, and clients that retried with the same
 * Idempotency-Key (some of them across the crash) got exactly one ticket.
 */
const KILL_POINTS = 3;
const CLIENTS = 10;
// Each client sends about ten requests a second: ~100/s in all while the server is up.
const CLIENT_PAUSE_MS = 100;
const SEED = 20_261_123;

describe.each(BACKENDS)('kill -9 under intake load (%s)', (backend) => {
  it('keeps every accepted submission whole and makes one ticket per key', async () => {
    const store = await crashBackend(backend);
    const random = seeded(SEED + (backend === 'postgres' ? 1 : 0));
    const port = await freePort();
    const env = { ...store.env, CARELOOP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD };
    let server: ServerProcess = await startServerProcess({ env, port });
    const url = () => server.url;
    const accepted: Accepted[] = [];
    const attempted: string[] = [];
    const lost: string[] = [];
    let stopping = false;
    let retried = 0;

    const client = async (c: number) => {
      for (let i = 0; !stopping && i < 2_000; i++) {
        const key = `crash-${backend}-${c}-${i}`;
        const text = `crash test ${key}`;
        attempted.push(key);
        const outcome = await submitWithRetry(url, key, text, { maxAttempts: 600, pauseMs: 100 });
        if (outcome.failures.length > 0) retried++;
        if (outcome.accepted) accepted.push(outcome.accepted);
        else lost.push(key);
        await sleep(CLIENT_PAUSE_MS);
      }
    };

    try {
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
      for (let k = 0; k < KILL_POINTS; k++) {
        // A random moment 0.4–1.6 s into the load.
        await sleep(400 + Math.floor(random() * 1_200));
        await server.kill9();
        server = await startServerProcess({ env, port });
      }
      await sleep(1_000);
      stopping = true;
      await Promise.all(clients);
      await server.stop();
    } finally {
      await server.kill9();
    }

    const database = await openDatabase(store.open);
    try {
      // Every client got its answer in the end: a retry after the crash returned the stored one.
      expect(lost).toEqual([]);
      expect(accepted.length).toBe(attempted.length);
      // The load really ran across the crashes (connections refused while the server was down).
      expect(retried).toBeGreaterThan(0);

      // Exactly one ticket per key, and each 201 named that ticket.
      const rows = await database.query<{ text: string; ticket_no: string; n: number }>(
        `SELECT text, min(ticket_no) AS ticket_no, count(*)::int AS n FROM tickets
          WHERE text LIKE 'crash test %' GROUP BY text`,
      );
      const byText = new Map(rows.map((r) => [r.text, r]));
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      for (const a of accepted) expect(byText.get(a.text)?.ticket_no, a.key).toBe(a.ticketNo);
      // No ticket that no client was told about (a write that committed without an answer, unclaimed).
      expect(rows.length).toBe(accepted.length);

      // No half-written ticket: each has its timeline 1..last_event_seq without a gap, starting 'received'.
      const broken = await database.query(
        `SELECT t.ticket_no, t.last_event_seq, e.n, e.lo, e.hi
           FROM tickets t
           LEFT JOIN (SELECT ticket_id, count(*)::int AS n, min(seq) AS lo, max(seq) AS hi
                        FROM ticket_events GROUP BY ticket_id) e ON e.ticket_id = t.id
          WHERE e.n IS NULL OR e.lo <> 1 OR e.hi <> e.n OR e.hi <> t.last_event_seq`,
      );
      expect(broken).toEqual([]);
      const firstEvents = await database.query<{ type: string; n: number }>(
        `SELECT type, count(*)::int AS n FROM ticket_events WHERE seq = 1 GROUP BY type`,
      );
      expect(firstEvents.map((r) => r.type)).toEqual(['received']);

      // Every key's stored answer points at its ticket.
      const keys = await database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM intake_idempotency i JOIN tickets t ON t.id = i.ticket_id
          WHERE i.source = 'public-feedback' AND i.response IS NOT NULL`,
      );
      expect(keys[0]!.n).toBe(accepted.length);
    } finally {
      await database.close();
      await store.drop();
    }
  }, 420_000);
});
