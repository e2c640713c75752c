/**
 * `npm run bench` — sets up its own data, measures CareLoop on PostgreSQL (a fresh database on the local
 * server, created and dropped here) and on the embedded PGlite (a temporary folder), prints a table and
 * writes bench/results.json. `npm run bench -- --quick` runs a small version (CI keeps it working).
 *
 * HTTP figures come from a real `careloop serve` child process driven over loopback by autocannon from
 * this process; in-process figures (repository inserts, aggregates) from this process alone.
 *
 * Options: --quick, --backend=postgres|pglite, --tickets=N (both backends), --runs=N.
 * PostgreSQL: CARELOOP_BENCH_PG_URL, else CARELOOP_TEST_PG_URL, else postgres://postgres@127.0.0.1:5432/postgres.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type NewTicket, prepareNewTicket } from '../src/domain/ticket/new-ticket.ts';
import { PATIENT } from '../src/domain/ticket/ticket.ts';
import { ticketNoPrefix } from '../src/domain/ticket/tracking-code.ts';
import { createAuthService } from '../src/services/auth.service.ts';
import { type Backend, type Database, openDatabase } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { createTicketRepository, encodeCursor } from '../src/store/ticket.repository.ts';
import { loginOverHttp, type ServerProcess, startServerProcess } from '../test/support/server-process.ts';
import { runDashboardAggregates } from './dashboard-aggregates.ts';
import { generateTickets } from './generate-tickets.ts';
import { httpLoad, medianSample, type Sample, timeInProcess } from './measure.ts';
import { buildTexts, prng } from './ticket-texts.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const ADMIN_PASSWORD = 'bench-admin-password';
const BENCH_USER = 'bench-agent';
const TIME_ZONE = 'Asia/Shanghai';
// A term of the institution's language that about one ticket in forty contains (three characters:
// pg_trgm needs a whole trigram inside the pattern to use its index).
const SEARCH_TERM = '停车场';

interface Plan {
  quick: boolean;
  backends: Backend[];
  tickets: Record<Backend, number>;
  runs: number;
  intakeSeconds: number;
  readSeconds: number;
  warmupSeconds: number;
  intakeConnections: number;
  readConnections: number;
}

function parsePlan(argv: string[]): Plan {
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const quick = argv.includes('--quick');
  const backend = flag('backend');
  const tickets = flag('tickets') ? Number(flag('tickets')) : undefined;
  return {
    quick,
    backends: backend ? [backend as Backend] : ['postgres', 'pglite'],
    tickets: {
      postgres: tickets ?? (quick ? 20_000 : 1_000_000),
      pglite: tickets ?? (quick ? 5_000 : 100_000),
    },
    runs: Number(flag('runs') ?? (quick ? 2 : 3)),
    intakeSeconds: quick ? 3 : 10,
    readSeconds: quick ? 1.5 : 5,
    warmupSeconds: quick ? 0.5 : 2,
    intakeConnections: 50,
    // Staff reading the queue: a busy office, not a crowd (the target is a latency, not a rate).
    readConnections: 10,
  };
}

export interface ResultRow {
  name: string;
  backend: Backend | 'none';
  /** Tickets in the database while measuring (0 for database-free benchmarks). */
  n: number;
  p50_ms: number | null;
  p99_ms: number | null;
  per_s: number | null;
  rss_mb: number | null;
  runs: number;
  ops: number;
  errors: number;
  target: string;
  /** Whether the target was met; null where there is no target or it cannot be judged. */
  met: boolean | null;
  note?: string;
}

const round = (x: number | undefined | null, digits = 1) =>
  x === undefined || x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

function row(
  name: string,
  backend: ResultRow['backend'],
  n: number,
  s: Sample & { runs: number },
  target: string,
  met: boolean | null,
  note?: string,
): ResultRow {
  return {
    name,
    backend,
    n,
    p50_ms: round(s.p50_ms, 2),
    p99_ms: round(s.p99_ms, 2),
    per_s: round(s.per_s, 0),
    rss_mb: round(s.rss_mb ?? null, 0),
    runs: s.runs,
    ops: s.ops,
    errors: s.errors,
    target,
    met,
    ...(note ? { note } : {}),
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function pgAdminUrl(): string {
  return (
    process.env.CARELOOP_BENCH_PG_URL ??
    process.env.CARELOOP_TEST_PG_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** A fresh UTF-8 database on the local server (pg_trgm needs a UTF-8 ctype for Chinese). */
async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `careloop_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl() });
  await admin.connect();
  await admin.query(
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
  await admin.end();
  const url = new URL(pgAdminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: pgAdminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

interface BackendSetup {
  backend: Backend;
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function setUpBackend(backend: Backend): Promise<BackendSetup> {
  if (backend === 'postgres') {
    const created = await createBenchDatabase();
    return {
      backend,
      env: { DATABASE_URL: created.url },
      open: () => openDatabase({ databaseUrl: created.url }),
      drop: created.drop,
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-bench-'));
  return {
    backend,
    env: { CARELOOP_DATA_DIR: dir },
    open: () => openDatabase({ dataDir: dir }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The plan PostgreSQL picks for a query, with the index names it uses: proof, not hope. */
async function explain(database: Database, sqlText: string, params: unknown[]): Promise<string> {
  const rows = await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sqlText}`, params);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

function indexesIn(plan: string): string[] {
  return [
    ...new Set([...plan.matchAll(/(?:Index|Index Only) Scan(?: Backward)? using (\S+)/g)].map((m) => m[1]!)),
  ]
    .concat([...plan.matchAll(/Bitmap Index Scan on (\S+)/g)].map((m) => m[1]!))
    .filter((v, i, a) => a.indexOf(v) === i);
}

async function benchBackend(plan: Plan, backend: Backend): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const n = plan.tickets[backend];
  log(`\n== ${backend}: ${n.toLocaleString('en')} tickets`);
  const setup = await setUpBackend(backend);
  let server: ServerProcess | undefined;
  try {
    // Load: migrate, first admin (so the server can be logged into), then the generated history.
    let database = await setup.open();
    await migrate(database);
    const auth = createAuthService({ database, clock: () => new Date(), sessionIdleMinutes: 480 });
    await auth.bootstrapAdmin(ADMIN_PASSWORD);
    // The queue is read as patient-relations staff see it (the admin role manages accounts, not cases).
    await auth.createUser({
      username: BENCH_USER,
      displayName: 'Bench agent',
      password: ADMIN_PASSWORD,
      role: 'agent',
    });
    const generated = await generateTickets(database, {
      tickets: n,
      chunk: backend === 'pglite' ? 20_000 : 100_000,
      log,
    });
    log(
      `  loaded ${generated.tickets.toLocaleString('en')} tickets, ${generated.events.toLocaleString('en')} events in ${generated.seconds.toFixed(1)} s`,
    );
    rows.push({
      name: 'generate',
      backend,
      n,
      p50_ms: null,
      p99_ms: null,
      per_s: round(generated.tickets / generated.seconds, 0),
      rss_mb: null,
      runs: 1,
      ops: generated.tickets,
      errors: 0,
      target: '(setup)',
      met: null,
      note: `${generated.events} events, indexes rebuilt after the load`,
    });

    // Queries the staff queue runs; EXPLAIN shows which index answers them.
    const dept = generated.departments[0]!;
    const queueSql = `SELECT * FROM tickets WHERE status IN ($1) AND level IN ($2) AND department_id = $3
                       ORDER BY received_at DESC, id DESC LIMIT 51`;
    const [closedCount] = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tickets WHERE status = 'closed' AND level = 3 AND department_id = $1`,
      [dept],
    );
    const depth = Math.max(0, Math.floor((closedCount?.n ?? 0) * 0.8));
    const [deep] = await database.query<{ received_at: Date | string; id: number }>(
      `SELECT received_at, id FROM tickets WHERE status = 'closed' AND level = 3 AND department_id = $1
        ORDER BY received_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [dept, depth],
    );
    const deepCursor = deep ? encodeCursor(new Date(deep.received_at), Number(deep.id)) : '';
    const [detailTicket] = await database.query<{ ticket_no: string }>(
      'SELECT ticket_no FROM tickets WHERE last_event_seq = 15 ORDER BY id DESC LIMIT 1',
    );
    const plans = {
      queue: await explain(database, queueSql, ['in_progress', 2, dept]),
      deep: await explain(
        database,
        `SELECT * FROM tickets WHERE status IN ($1) AND level IN ($2) AND department_id = $3
            AND (received_at, id) < ($4, $5) ORDER BY received_at DESC, id DESC LIMIT 51`,
        ['closed', 3, dept, deep ? new Date(deep.received_at) : new Date(), deep?.id ?? 0],
      ),
      search: await explain(
        database,
        `SELECT * FROM tickets WHERE (text ILIKE $1 OR ticket_no = $2) ORDER BY received_at DESC, id DESC LIMIT 51`,
        [`%${SEARCH_TERM}%`, SEARCH_TERM],
      ),
    };
    for (const [name, text] of Object.entries(plans)) {
      log(`  EXPLAIN ${name}: ${indexesIn(text).join(', ') || 'no index'}`);
      if (process.env.BENCH_VERBOSE) log(text);
    }
    await database.close();

    server = await startServerProcess({
      env: { ...setup.env, CARELOOP_ADMIN_PASSWORD: ADMIN_PASSWORD, CARELOOP_TIME_ZONE: TIME_ZONE },
      readyTimeoutMs: 120_000,
    });
    const headers = await loginOverHttp(server.url, BENCH_USER, ADMIN_PASSWORD);
    const running = server;

    const readSeries = async (
      name: string,
      urlPath: string,
      target: string,
      limitMs: number,
      note: string,
    ) => {
      await httpLoad({
        url: running.url,
        method: 'GET',
        path: urlPath,
        headers,
        connections: plan.readConnections,
        durationSeconds: plan.warmupSeconds,
      });
      const samples: Sample[] = [];
      for (let r = 0; r < plan.runs; r++) {
        samples.push(
          await httpLoad({
            url: running.url,
            method: 'GET',
            path: urlPath,
            headers,
            connections: plan.readConnections,
            durationSeconds: plan.readSeconds,
          }),
        );
      }
      const m = medianSample(samples);
      rows.push(row(name, backend, n, m, target, m.errors === 0 && m.ops > 0 && m.p99_ms < limitMs, note));
      log(`  ${name}: p50 ${m.p50_ms.toFixed(1)} ms, p99 ${m.p99_ms.toFixed(1)} ms, ${m.per_s.toFixed(0)}/s`);
    };

    const queueFilter = `status=in_progress&level=2&departmentId=${dept}&limit=50`;
    await readSeries(
      'queue-open-page1',
      `/api/v1/tickets?${queueFilter}`,
      'p99 < 50 ms',
      50,
      `${plan.readConnections} clients; index ${indexesIn(plans.queue).join('+')}`,
    );
    await readSeries(
      'queue-closed-page1',
      `/api/v1/tickets?status=closed&level=3&departmentId=${dept}&limit=50`,
      'p99 < 50 ms',
      50,
      `${closedCount?.n ?? 0} matching tickets`,
    );
    await readSeries(
      'queue-closed-deep-page',
      `/api/v1/tickets?status=closed&level=3&departmentId=${dept}&limit=50&cursor=${deepCursor}`,
      'p99 < 50 ms, ≈ page one',
      50,
      `cursor ${depth} rows deep; index ${indexesIn(plans.deep).join('+')}`,
    );
    await readSeries(
      'search-text',
      `/api/v1/tickets?q=${encodeURIComponent(SEARCH_TERM)}&limit=50`,
      'p99 < 200 ms',
      200,
      `q=${SEARCH_TERM}; plan uses ${indexesIn(plans.search).join('+') || 'no index'}`,
    );
    await readSeries(
      'ticket-detail-15-events',
      `/api/v1/tickets/${detailTicket?.ticket_no ?? 'none'}`,
      'p99 < 20 ms',
      20,
      'ticket with a 15-event timeline',
    );

    // Intake: 50 clients posting varied feedback; the server's memory is sampled meanwhile.
    const texts = buildTexts(2_000, 7);
    const random = prng(11);
    const body = () => {
      const t = texts[Math.floor(random() * texts.length)]!;
      return JSON.stringify({
        text: t.text,
        lang: t.lang,
        channel: 'web',
        name: t.lang === 'zh' ? '张先生' : 'Ms Smith',
        phone: `138${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      });
    };
    const intakeLoad = (seconds: number, onTick?: () => void) =>
      httpLoad({
        url: running.url,
        method: 'POST',
        path: '/api/v1/feedback',
        body,
        connections: plan.intakeConnections,
        durationSeconds: seconds,
        ...(onTick ? { onTick } : {}),
      });
    await intakeLoad(plan.warmupSeconds);
    const intake: Sample[] = [];
    for (let r = 0; r < plan.runs; r++) {
      let peak = 0;
      const s = await intakeLoad(plan.intakeSeconds, () => {
        peak = Math.max(peak, running.rssMb() ?? 0);
      });
      intake.push({ ...s, rss_mb: peak });
    }
    const intakeMedian = medianSample(intake);
    const intakeTarget = backend === 'postgres' ? { rate: 500, p99: 50 } : { rate: 200, p99: 100 };
    const rssLimit = backend === 'postgres' ? 300 : 900;
    await running.stop();
    server = undefined;

    // The same rows written straight through the repository, no HTTP: the database's own limit.
    database = await setup.open();
    const repo = createTicketRepository(database.db);
    const direct: Sample[] = [];
    for (let r = 0; r < plan.runs; r++) {
      direct.push(
        await timeInProcess(
          async () => {
            const now = new Date();
            const input = JSON.parse(body()) as { text: string; lang: string; name: string; phone: string };
            const prepared: NewTicket = prepareNewTicket({ ...input, channel: 'web' }, PATIENT, now);
            await database.db.transaction((tx) =>
              repo.insert(
                {
                  ticket: prepared,
                  trackingHash: randomBytes(32).toString('hex'),
                  ticketNoPrefix: ticketNoPrefix(prepared.receivedAt, TIME_ZONE),
                  now,
                },
                tx,
              ),
            );
          },
          { concurrency: plan.intakeConnections, durationMs: plan.intakeSeconds * 1000 },
        ),
      );
    }
    const directMedian = medianSample(direct);
    const fraction = intakeMedian.per_s / directMedian.per_s;
    rows.push(
      row(
        'intake-http',
        backend,
        n,
        intakeMedian,
        `≥ ${intakeTarget.rate}/s, p99 < ${intakeTarget.p99} ms`,
        intakeMedian.errors === 0 &&
          intakeMedian.per_s >= intakeTarget.rate &&
          intakeMedian.p99_ms < intakeTarget.p99,
        `${plan.intakeConnections} clients; ${(fraction * 100).toFixed(0)}% of the direct repository rate`,
      ),
      row(
        'intake-repository-direct',
        backend,
        n,
        directMedian,
        '(reference for intake-http)',
        null,
        `${plan.intakeConnections} concurrent transactions in-process, no HTTP`,
      ),
      {
        ...row(
          'server-rss-under-intake',
          backend,
          n,
          intakeMedian,
          `< ${rssLimit} MB`,
          (intakeMedian.rss_mb ?? 0) > 0 && (intakeMedian.rss_mb ?? 0) < rssLimit,
          'peak RSS of the server process during the intake runs',
        ),
        p50_ms: null,
        p99_ms: null,
        per_s: null,
      },
    );
    log(
      `  intake: ${intakeMedian.per_s.toFixed(0)}/s p99 ${intakeMedian.p99_ms.toFixed(1)} ms, rss ${intakeMedian.rss_mb?.toFixed(0)} MB; direct ${directMedian.per_s.toFixed(0)}/s`,
    );

    // Dashboard aggregates over every ticket (in-process: what the dashboard endpoint's queries cost).
    const total = n + intakeMedian.ops + directMedian.ops;
    for (const agg of await runDashboardAggregates(database, { runs: plan.runs + 2, timeZone: TIME_ZONE })) {
      rows.push(
        row(
          `dashboard-${agg.name}`,
          backend,
          total,
          agg.sample,
          agg.target,
          agg.limitMs === null ? null : agg.sample.p99_ms < agg.limitMs,
          agg.note,
        ),
      );
      log(`  dashboard ${agg.name}: median ${agg.sample.p50_ms.toFixed(0)} ms`);
    }
    await database.close();
  } finally {
    await server?.kill9();
    await setup.drop();
  }
  return rows;
}

/**
 * The other engineers' stand-alone benchmarks (bench/*.bench.ts: triage, SLA due instants, SLA sweep …),
 * each run in its own process; every JSON line with a `name` they print becomes a row.
 */
async function runScriptBenches(plan: Plan): Promise<ResultRow[]> {
  const files = fs
    .readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const rows: ResultRow[] = [];
  const targets: Record<string, string> = {
    'sla-sweep': '< 1 s for 1,000 due among 1M open',
    triage: 'texts/s on one core (issue 4)',
    'sla-due': '(SLA issue)',
  };
  for (const file of files) {
    log(`\n== ${file}`);
    const lines = await new Promise<string[]>((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), `bench/${file}`],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            ...(plan.quick ? { BENCH_QUICK: '1' } : {}),
            BENCH_PG_URL: pgAdminUrl(),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), plan.quick ? 90_000 : 900_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code !== 0) log(`  ${file} exited with ${code}`);
        resolve(out.split('\n'));
      });
    });
    for (const line of lines) {
      if (!line.trim().startsWith('{')) continue;
      try {
        const r = JSON.parse(line) as Record<string, unknown>;
        if (typeof r.name !== 'string') continue;
        const num = (v: unknown) => (typeof v === 'number' ? v : null);
        rows.push({
          name: r.name,
          backend: (r.backend as Backend | undefined) ?? 'none',
          n: num(r.n) ?? 0,
          p50_ms: num(r.p50_ms),
          p99_ms: num(r.p99_ms),
          per_s: num(r.per_s),
          rss_mb: num(r.rss_mb),
          runs: num(r.runs) ?? 1,
          ops: num(r.ops) ?? num(r.n) ?? 0,
          errors: 0,
          target: (r.target as string | undefined) ?? targets[r.name] ?? '',
          met: typeof r.met === 'boolean' ? r.met : null,
          note: `from bench/${file}`,
        });
        log(`  ${line.trim()}`);
      } catch {
        // Not a result line.
      }
    }
  }
  return rows;
}

function printTable(rows: ResultRow[]): void {
  const header = ['name', 'backend', 'n', 'p50 ms', 'p99 ms', 'per s', 'rss MB', 'target', 'met'];
  const cells = rows.map((r) => [
    r.name,
    r.backend,
    r.n.toLocaleString('en'),
    r.p50_ms?.toString() ?? '',
    r.p99_ms?.toString() ?? '',
    r.per_s?.toLocaleString('en') ?? '',
    r.rss_mb?.toString() ?? '',
    r.target,
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const plan = parsePlan(process.argv.slice(2));
  const started = performance.now();
  log(
    `CareLoop bench${plan.quick ? ' (quick)' : ''}: ${os.cpus().length} cores, Node ${process.version}, ${plan.runs} runs per figure (median)`,
  );
  const rows: ResultRow[] = [];
  for (const backend of plan.backends) rows.push(...(await benchBackend(plan, backend)));
  rows.push(...(await runScriptBenches(plan)));
  printTable(rows);
  const out = {
    at: new Date().toISOString(),
    quick: plan.quick,
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', node: process.version },
    seconds: Math.round((performance.now() - started) / 1000),
    results: rows,
  };
  fs.writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  log(`\nwrote bench/results.json (${out.seconds} s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
