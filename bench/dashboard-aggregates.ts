/**
 * The dashboard over a large history: what `GET /api/v1/dashboard/summary` costs in the database (the
 * repository in-process, no HTTP), with the per-day rollup built by its job, plus the job's own cost.
 *
 * Rows:
 * - `all`: the whole dashboard for a viewer who sees every ticket (open and overdue by level, received
 *   and closed per day, top categories, compliance per level over 30 days). Target < 500 ms.
 * - `department`: the same for a department head (one of the generated departments).
 * - `all-history`: the same figures over the whole history (every ticket), as a yearly report would.
 * - `all-changes-pending`: `all` with 500 recent changes the job has not taken in yet (their days live).
 * - `rollup-build`: the rollup job building from scratch over every ticket (first start, or after a
 *   change of time zone); `rollup-refresh`: one run after changes to 500 tickets of the last 60 days.
 *
 * The generated history carries no SLA deadlines (the generator writes rows, not intakes), so before
 * measuring, the tickets of the last 60 days — those the dashboard's compliance and overdue figures
 * judge — get stand-in due instants by level (bench-only SQL). Judging costs the same either way.
 *
 * Stand-alone, on PostgreSQL only, without the rest of the bench:
 *   npx tsx bench/dashboard-aggregates.ts --tickets=200000        (fresh database, generated, dropped)
 *   npx tsx bench/dashboard-aggregates.ts --url=postgres://…/db   (a database already holding tickets)
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDashboardRepository } from '../src/store/dashboard.repository.ts';
import { createDashboardRollupRepository } from '../src/store/dashboard-rollup.repository.ts';
import { type Database, openDatabase } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { generateTickets } from './generate-tickets.ts';
import { median, type Sample } from './measure.ts';

export interface AggregateResult {
  name: string;
  sample: Sample & { runs: number };
  note: string;
  target: string;
  /** The p99 the row must stay under to meet its target; null for rows without one. */
  limitMs: number | null;
}

const WINDOW_DAYS = 30;
const RECENT_DAYS_WITH_DEADLINES = 60;
const TOUCHED_TICKETS = 500;
// A viewer id no generated ticket names as its subject.
const VIEWER_ID = 1;
const DASHBOARD_LIMIT_MS = 500;

function sampleOf(ms: number[]): Sample & { runs: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50_ms: median(sorted),
    // Few runs: the worst one is the honest p99.
    p99_ms: sorted[sorted.length - 1] ?? Number.NaN,
    per_s: 1000 / median(sorted),
    ops: sorted.length,
    errors: 0,
    runs: sorted.length,
  };
}

/** Bench-only: stand-in deadlines (30 min / 4 h / 1 day; 24 h / 2 days / 7 days) on the recent tickets. */
async function giveRecentTicketsDeadlines(database: Database): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    `WITH u AS (
       UPDATE tickets SET
         first_response_due_at = received_at + CASE WHEN vip OR level = 1 THEN interval '30 minutes'
                                                    WHEN level = 3 THEN interval '1 day' ELSE interval '4 hours' END,
         resolution_due_at = received_at + CASE level WHEN 1 THEN interval '24 hours'
                                                      WHEN 3 THEN interval '7 days' ELSE interval '2 days' END
       WHERE received_at > (SELECT max(received_at) FROM tickets) - make_interval(days => ${RECENT_DAYS_WITH_DEADLINES})
         AND first_response_due_at IS NULL
       RETURNING 1)
     SELECT count(*)::int AS n FROM u`,
  );
  await database.exec('ANALYZE tickets');
  return row?.n ?? 0;
}

/** Times the rollup build and the dashboard (`runs` times per viewer) on a database full of tickets. */
export async function runDashboardAggregates(
  database: Database,
  options: { runs: number; timeZone: string },
): Promise<AggregateResult[]> {
  const { timeZone } = options;
  const results: AggregateResult[] = [];
  const withDeadlines = await giveRecentTicketsDeadlines(database);
  const rollup = createDashboardRollupRepository(database.db);
  const dashboard = createDashboardRepository(database.db);
  const [{ n: tickets } = { n: 0 }] = await database.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM tickets',
  );

  const [dept] = await database.query<{ id: number }>('SELECT id FROM departments ORDER BY id LIMIT 1');
  const viewers = [
    { name: 'all', scope: { userId: VIEWER_ID, all: true, departmentId: null } },
    { name: 'department', scope: { userId: VIEWER_ID, all: false, departmentId: Number(dept?.id ?? 0) } },
  ];
  const measure = async (
    name: string,
    viewer: (typeof viewers)[number],
    situation: string,
    days = WINDOW_DAYS,
  ) => {
    const ms: number[] = [];
    let liveDays = 0;
    let received = 0;
    for (let r = 0; r < options.runs; r++) {
      const t = performance.now();
      const summary = await dashboard.summary({
        now: new Date(),
        timeZone,
        days,
        scope: viewer.scope,
      });
      ms.push(performance.now() - t);
      liveDays = summary.rollup.liveDays;
      received = summary.perDay.reduce((a, d) => a + d.received, 0);
    }
    if (received === 0) throw new Error(`dashboard (${name}) counted no tickets in ${days} days`);
    results.push({
      name,
      sample: sampleOf(ms),
      target: `< ${DASHBOARD_LIMIT_MS} ms`,
      limitMs: DASHBOARD_LIMIT_MS,
      note: `${situation}: summary over ${days} days (${received} received), ${liveDays} of them live from the tickets, the rest from the rollup`,
    });
  };
  // The bench is the only writer: the runs here need no safety lag behind `now`.
  const runJob = () => rollup.refresh({ timeZone, watermark: new Date(), now: new Date() });

  // The job from scratch: what the first start after the upgrade costs.
  await database.exec('DELETE FROM ticket_daily_stats_state');
  let t = performance.now();
  const built = await runJob();
  results.push({
    name: 'rollup-build',
    sample: sampleOf([performance.now() - t]),
    target: '(job, from scratch)',
    limitMs: null,
    note: `${built.rows} rollup rows for ${built.days} days from ${tickets} tickets, one transaction; ${withDeadlines} recent tickets first given stand-in deadlines`,
  });
  await database.exec('ANALYZE ticket_daily_stats');

  // A busy spell: 500 tickets of the last 60 days changed since the last run (replies, re-triage,
  // closures: the work is on recent tickets). Until the job runs, their days are computed live.
  await database.query(
    `UPDATE tickets SET updated_at = now()
      WHERE id IN (SELECT id FROM tickets
                    WHERE received_at > now() - make_interval(days => ${RECENT_DAYS_WITH_DEADLINES})
                    ORDER BY hashint8(id) LIMIT ${TOUCHED_TICKETS})`,
  );
  await measure('all-changes-pending', viewers[0]!, `${TOUCHED_TICKETS} changes not yet rolled up`);
  t = performance.now();
  const refreshed = await runJob();
  results.push({
    name: 'rollup-refresh',
    sample: sampleOf([performance.now() - t]),
    target: '(job, one run)',
    limitMs: null,
    note: `${TOUCHED_TICKETS} tickets of the last ${RECENT_DAYS_WITH_DEADLINES} days changed → ${refreshed.days} days recomputed whole (${refreshed.rows} rows)`,
  });

  // Steady state: the job has caught up (the generator stamps recent tickets' updated_at up to three
  // days ahead, so those days stay live as a just-changed day would).
  for (const viewer of viewers) await measure(viewer.name, viewer, 'rollup caught up');
  // The same figures over the whole generated history (every ticket): what a yearly report would ask.
  const [span] = await database.query<{ days: number }>(
    `SELECT (max(received_at)::date - min(received_at)::date + 2)::int AS days FROM tickets`,
  );
  await measure('all-history', viewers[0]!, 'rollup caught up, whole history', span?.days ?? WINDOW_DAYS);
  return results;
}

/** Stand-alone run (see the header). Prints one JSON line per result. */
async function main(argv: string[]): Promise<void> {
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const runs = Number(flag('runs') ?? 5);
  const timeZone = 'Asia/Shanghai';
  const admin =
    process.env.CARELOOP_BENCH_PG_URL ??
    process.env.CARELOOP_TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  let url = flag('url');
  let drop: (() => Promise<void>) | undefined;
  if (!url) {
    const name = `careloop_bench_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
    await client.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const database = await openDatabase({ databaseUrl: url });
  try {
    await migrate(database);
    if (drop) {
      const n = Number(flag('tickets') ?? 200_000);
      const generated = await generateTickets(database, {
        tickets: n,
        log: (l) => process.stderr.write(`${l}\n`),
      });
      process.stderr.write(`generated ${n} tickets in ${generated.seconds.toFixed(0)} s\n`);
    }
    for (const r of await runDashboardAggregates(database, { runs, timeZone })) {
      console.log(
        JSON.stringify({
          name: `dashboard-${r.name}`,
          backend: 'postgres',
          p50_ms: Math.round(r.sample.p50_ms * 10) / 10,
          p99_ms: Math.round(r.sample.p99_ms * 10) / 10,
          runs: r.sample.runs,
          target: r.target,
          met: r.limitMs === null ? null : r.sample.p99_ms < r.limitMs,
          note: r.note,
        }),
      );
    }
  } finally {
    await database.close();
    await drop?.();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
