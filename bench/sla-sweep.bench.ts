/**
 * One SLA sweep over a large open backlog: N open tickets of which 1,000 have a stage due, timed on a
 * fresh PostgreSQL database (default 1,000,000 tickets) and on the embedded PGlite (100,000), with the
 * plan of the claim query, which must be an index scan on tickets_sla_next_idx (never a scan of all
 * open tickets). Target: one sweep < 1 s.
 *
 *   npx tsx bench/sla-sweep.bench.ts [--backend=postgres|pglite] [--tickets=N]
 * prints one JSON line per backend: {name, backend, tickets, due, sweep_ms, fired, index_scan, plan}.
 * PostgreSQL: CARELOOP_BENCH_PG_URL, else CARELOOP_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres;
 * the database is created and dropped here. Bench-only code: it writes rows with SQL no product path uses.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { slaSweepJob } from '../src/jobs/sla-sweep.job.ts';
import { createLogger } from '../src/logger.ts';
import { seedSlaData } from '../src/services/sla-setup.ts';
import { type Backend, type Database, openDatabase } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';

const DUE = 1_000;
const DEFAULT_TICKETS: Record<Backend, number> = { postgres: 1_000_000, pglite: 100_000 };
const QUICK_TICKETS: Record<Backend, number> = { postgres: 50_000, pglite: 10_000 };
const CHUNK: Record<Backend, number> = { postgres: 200_000, pglite: 25_000 };
const NOW = new Date('2026-03-11T06:00:00Z');
const PG_URL =
  process.env.CARELOOP_BENCH_PG_URL ??
  process.env.CARELOOP_TEST_PG_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

const iso = (offsetMinutes: number) => new Date(NOW.getTime() + offsetMinutes * 60_000).toISOString();
/** A level-2 schedule whose first-response warning passed a minute ago: one stage due per due ticket. */
const SNAPSHOT = {
  level: 2,
  provisional: false,
  uncoveredYears: [],
  firstResponse: {
    amount: 120,
    unit: 'working_minutes',
    dueAt: iso(23),
    warnAt: iso(-1),
    escalateAt: iso(143),
    explanation: 'bench',
  },
  resolution: {
    amount: 1,
    unit: 'working_days',
    dueAt: iso(1_440),
    warnAt: iso(1_000),
    escalateAt: iso(2_880),
    explanation: 'bench',
  },
};

async function fill(database: Database, backend: Backend, tickets: number): Promise<void> {
  await database.query(
    `INSERT INTO staff_users (username, display_name, password_hash, role) VALUES ('bench-admin', 'Bench', 'x', 'admin')`,
  );
  for (let from = 1; from <= tickets; from += CHUNK[backend]) {
    const to = Math.min(tickets, from + CHUNK[backend] - 1);
    // Due tickets (g ≤ DUE) have their next stage a minute ago; the rest spread over the next 30 days.
    await database.query(
      `INSERT INTO tickets (ticket_no, tracking_hash, received_at, created_at, updated_at, channel, lang, text,
         status, level, sla_policy_id, sla_policy_version, sla_calendar_id, sla, first_response_due_at,
         resolution_due_at, sla_next_at)
       SELECT 'B' || g, md5(g::text), $1::timestamptz - interval '1 hour', $1, $1, 'web', 'zh', '候诊时间太长',
         'new', 2, 'default', 1, 'cn-mainland', $2::jsonb, $3::timestamptz, $4::timestamptz,
         CASE WHEN g <= $5 THEN $1::timestamptz - interval '1 minute'
              ELSE $1::timestamptz + (1 + g % 43200) * interval '1 minute' END
       FROM generate_series($6::int, $7::int) AS g`,
      [NOW.toISOString(), JSON.stringify(SNAPSHOT), iso(23), iso(1_440), DUE, from, to],
    );
  }
  await database.exec('ANALYZE tickets');
}

async function explainClaim(database: Database): Promise<string[]> {
  // The statement SlaStageRepository.claimDue issues (drizzle builds the same SELECT … FOR UPDATE SKIP LOCKED).
  const rows = await database.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT id, ticket_no, status, owner_id, assignee_id, department_id, first_response_at, closed_at,
       closure, sla, last_event_seq FROM tickets
     WHERE sla_next_at IS NOT NULL AND sla_next_at <= $1 ORDER BY sla_next_at LIMIT 1000 FOR UPDATE SKIP LOCKED`,
    [NOW.toISOString()],
  );
  return rows.map((r) => r['QUERY PLAN']);
}

async function benchOne(backend: Backend, tickets: number): Promise<void> {
  let database: Database;
  let drop = async () => {};
  if (backend === 'postgres') {
    const name = `careloop_bench_sla_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    await admin.end();
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
  try {
    await migrate(database);
    await seedSlaData(database, NOW);
    const loadStarted = performance.now();
    await fill(database, backend, tickets);
    const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;
    const plan = await explainClaim(database);
    const config = { ...loadConfig({}), logLevel: 'silent' as const };
    const started = performance.now();
    const result = await slaSweepJob.handler({ now: NOW, database, logger: createLogger(config), config });
    const sweepMs = Math.round(performance.now() - started);
    console.log(
      JSON.stringify({
        name: 'sla-sweep',
        backend,
        n: tickets,
        tickets,
        due: DUE,
        // One sweep is one measurement: it stands in both latency columns of the table.
        p50_ms: sweepMs,
        p99_ms: sweepMs,
        met: tickets >= 1_000_000 || backend === 'pglite' ? sweepMs < 1_000 : undefined,
        sweep_ms: sweepMs,
        fired: result.fired,
        notifications: result.notifications,
        load_s: loadSeconds,
        index_scan: plan.some((line) => line.includes('tickets_sla_next_idx')),
        plan,
      }),
    );
  } finally {
    await database.close();
    await drop();
  }
}

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const backends: Backend[] = flag('backend') ? [flag('backend') as Backend] : ['postgres', 'pglite'];
for (const backend of backends) {
  // The quick run (CI) keeps the benchmark working on a small table; the full run has the sizes.
  const quick = process.env.BENCH_QUICK === '1';
  const size = flag('tickets')
    ? Number(flag('tickets'))
    : quick
      ? QUICK_TICKETS[backend]
      : DEFAULT_TICKETS[backend];
  await benchOne(backend, size);
}
