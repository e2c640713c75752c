import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { createPgDatabase, TEST_ADMIN_PASSWORD } from '../support/backends.ts';
import { loginOverHttp, type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { openSse } from '../support/sse-client.ts';

const AGENT_PASSWORD = 'cluster-agent-password';
// The SLA sweep's interval (src/jobs/sla-sweep.job.ts).
const SWEEP_INTERVAL_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two `careloop serve` processes on different ports against one PostgreSQL database, as behind a load
 * balancer: intake through either lands once, a session made on one works on the other, and a staff
 * member watching the live stream on one server sees tickets created through the other.
 */

interface Submitted {
  ticketNo: string;
  trackingCode: string;
}

async function submit(server: ServerProcess, text: string): Promise<Submitted> {
  const res = await fetch(`${server.url}/api/v1/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, channel: 'web' }),
  });
  if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Submitted;
}

describe('two servers, one PostgreSQL database', () => {
  let db: { url: string; drop(): Promise<void> };
  let a: ServerProcess;
  let b: ServerProcess;
  const env = () => ({ DATABASE_URL: db.url, CARELOOP_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD });

  beforeAll(async () => {
    db = await createPgDatabase();
    // Both at once on an EMPTY database: migrations and first-start seeding take turns under a lock.
    [a, b] = await Promise.all([startServerProcess({ env: env() }), startServerProcess({ env: env() })]);
    // Patient-relations staff: reads every ticket and its live stream (the admin role manages accounts).
    const admin = await loginOverHttp(a.url, 'admin', TEST_ADMIN_PASSWORD);
    const created = await fetch(`${a.url}/api/v1/admin/users`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'cluster-agent',
        displayName: 'Cluster agent',
        password: AGENT_PASSWORD,
        role: 'agent',
      }),
    });
    if (created.status !== 201) throw new Error(`creating the agent failed: ${await created.text()}`);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  }, 60_000);

  it('takes intake through both servers, each submission exactly once', async () => {
    const marker = `cluster-intake-${Date.now()}`;
    const results: Submitted[] = [];
    // 40 submissions, 8 at a time, alternating servers.
    for (let round = 0; round < 5; round++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 8 }, (_, i) => submit(i % 2 ? a : b, `${marker} round ${round} client ${i}`)),
        )),
      );
    }
    expect(new Set(results.map((r) => r.ticketNo)).size).toBe(40);

    const database = await openDatabase({ databaseUrl: db.url, poolSize: 1 });
    try {
      const rows = await database.query<{ text: string; n: number }>(
        `SELECT text, count(*)::int AS n FROM tickets WHERE text LIKE $1 GROUP BY text`,
        [`${marker}%`],
      );
      expect(rows).toHaveLength(40);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      await database.close();
    }
    // A ticket made on A can be followed on B (nothing lives in one server's memory).
    const first = results[0]!;
    const track = await fetch(`${a.url}/api/v1/track/${encodeURIComponent(first.trackingCode)}`);
    expect(track.status).toBe(200);
    expect(((await track.json()) as { ticketNo: string }).ticketNo).toBe(first.ticketNo);
  });

  it('honours a staff session made on one server on the other, and a logout on either', async () => {
    const headers = await loginOverHttp(a.url, 'admin', TEST_ADMIN_PASSWORD);
    const onB = await fetch(`${b.url}/api/v1/auth/me`, { headers });
    expect(onB.status, await onB.clone().text()).toBe(200);
    const logout = await fetch(`${b.url}/api/v1/auth/logout`, { method: 'POST', headers });
    expect(logout.status).toBeLessThan(300);
    const afterLogout = await fetch(`${a.url}/api/v1/auth/me`, { headers });
    expect(afterLogout.status).toBe(401);
  });

  it('shows a ticket created through B live on A, and A its own ticket exactly once', async () => {
    const headers = await loginOverHttp(a.url, 'cluster-agent', AGENT_PASSWORD);
    const headersB = await loginOverHttp(b.url, 'cluster-agent', AGENT_PASSWORD);
    const streamA = await openSse(`${a.url}/api/v1/events/stream`, headers);
    const streamB = await openSse(`${b.url}/api/v1/events/stream`, headersB);
    try {
      const own = await submit(a, 'live: submitted through A');
      const other = await submit(b, 'live: submitted through B');
      const created = (no: string) => (e: { event: string; data: unknown }) =>
        e.event === 'ticket.created' && (e.data as { ticketNo?: string }).ticketNo === no;

      const seen = await streamA.waitFor(created(other.ticketNo));
      expect(seen.data).toMatchObject({ type: 'ticket.created', ticketNo: other.ticketNo, status: 'new' });
      await streamB.waitFor(created(own.ticketNo));
      await streamB.waitFor(created(other.ticketNo));
      // B's ticket committed after A's own one, and notifications arrive in commit order: had A's own
      // notification echoed back onto its bus, it would be here by now.
      expect(streamA.events.filter(created(own.ticketNo))).toHaveLength(1);
      expect(streamB.events.filter(created(other.ticketNo))).toHaveLength(1);
    } finally {
      streamA.close();
      streamB.close();
    }
  });

  it('fires each SLA stage once although both servers run the sweep', async () => {
    const agentA = await loginOverHttp(a.url, 'cluster-agent', AGENT_PASSWORD);
    const agentB = await loginOverHttp(b.url, 'cluster-agent', AGENT_PASSWORD);
    // Calls taken three weeks ago and entered now: every warning, breach and escalation is already due,
    // so each server's sweep (at start and every 30 s) finds them.
    const receivedAt = new Date(Date.now() - 21 * 86_400_000).toISOString();
    const marker = `cluster-sla-${Date.now()}`;
    for (let i = 0; i < 6; i++) {
      const [server, headers] = i % 2 ? [a, agentA] : [b, agentB];
      const res = await fetch(`${server.url}/api/v1/tickets`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'hotline',
          text: `${marker} call ${i}: 投诉 waited all day`,
          receivedAt,
        }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }

    const database = await openDatabase({ databaseUrl: db.url, poolSize: 1 });
    try {
      const fired = () =>
        database.query<{ ticket_id: number; type: string; target: string; n: number }>(
          `SELECT e.ticket_id, e.type, e.payload->>'target' AS target, count(*)::int AS n
             FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
            WHERE t.text LIKE $1 AND e.type LIKE 'sla\\_%'
            GROUP BY 1, 2, 3`,
          [`${marker}%`],
        );
      // Wait until every ticket has fired something, then long enough for both servers to have swept
      // at least once more (two sweep intervals): a second firing would be recorded by then.
      for (let i = 0; i < 120 && new Set((await fired()).map((r) => r.ticket_id)).size < 6; i++)
        await sleep(1_000);
      await sleep(2 * SWEEP_INTERVAL_MS + 5_000);
      const rows = await fired();
      expect(new Set(rows.map((r) => r.ticket_id)).size).toBe(6);
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      const stages = await database.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sla_fired_stages s JOIN tickets t ON t.id = s.ticket_id WHERE t.text LIKE $1`,
        [`${marker}%`],
      );
      expect(stages[0]!.n).toBe(rows.length);
    } finally {
      await database.close();
    }
  }, 240_000);
});
