/**
 * Loads a realistic ticket history into a migrated, empty CareLoop database for the benchmarks:
 * mixed channels, levels and departments, Chinese and English texts, timelines of 3–15 events with
 * contiguous sequence numbers, receipt times spread over three years (older tickets mostly closed,
 * recent ones open). Rows are made by the database itself (INSERT … SELECT over generate_series) from a
 * small table of template texts, so a million tickets load in minutes rather than hours.
 *
 * Bench-only code: it writes SQL directly because it builds data no product path would create.
 */
import type { Database } from '../src/store/database.ts';
import { buildTexts } from './ticket-texts.ts';

export interface GenerateOptions {
  tickets: number;
  seed?: number;
  /** The instant the history ends at; it starts three years earlier. */
  until?: Date;
  /** Rows per INSERT … SELECT statement: smaller for the embedded database, which holds it all in memory. */
  chunk?: number;
  departments?: number;
  log?: (line: string) => void;
}

export interface GenerateResult {
  tickets: number;
  events: number;
  departments: number[];
  seconds: number;
}

const TEXT_VARIANTS = 5_000;
const HISTORY_YEARS = 3;
// Tickets older than this are mostly closed; younger ones are spread over the open statuses.
const OPEN_WINDOW_DAYS = 60;

// Weighted pools: repeating an entry makes it more frequent (the web form and the hotline dominate).
const CHANNEL_POOL = [
  'web',
  'web',
  'web',
  'wechat',
  'wechat',
  'wechat',
  'hotline',
  'hotline',
  'desk',
  'nurse_station',
  'letter',
  'email',
  'hotline_12345',
  'hotline_12345',
  'vip_advisor',
  'webhook',
];
const OPEN_STATUS_POOL = [
  'new',
  'acknowledged',
  'acknowledged',
  'in_progress',
  'in_progress',
  'in_progress',
  'pending_patient',
  'resolution_proposed',
  'closed',
  'closed',
];
const CLOSED_STATUS_POOL = [
  ...Array.from({ length: 17 }, () => 'closed'),
  'resolved_on_spot',
  'withdrawn',
  'duplicate',
];
const MIDDLE_EVENT_POOL = ['assigned', 'reply', 'note', 'note', 'patient_message', 'task_answered'];

const sqlArray = (items: string[]) => `ARRAY[${items.map((s) => `'${s}'`).join(',')}]`;

/** Secondary indexes of the big tables: dropped during the load and rebuilt once after (much faster). */
async function dropSecondaryIndexes(database: Database): Promise<string[]> {
  const rows = await database.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def
       FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename IN ('tickets', 'ticket_events')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const r of rows) await database.exec(`DROP INDEX "${r.name}"`);
  return rows.map((r) => r.def);
}

export async function generateTickets(database: Database, options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 20_260_101;
  const n = options.tickets;
  const chunk = options.chunk ?? 100_000;
  const until = options.until ?? new Date();
  const from = new Date(until.getTime() - HISTORY_YEARS * 365 * 86_400_000);
  const spanSeconds = (until.getTime() - from.getTime()) / 1000;

  const [existing] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
  if ((existing?.n ?? 0) > 0) throw new Error('generateTickets needs an empty tickets table');

  // Departments the queue is filtered by.
  const departmentCount = options.departments ?? 24;
  const departments: number[] = [];
  for (let d = 1; d <= departmentCount; d++) {
    const [row] = await database.query<{ id: number }>(
      'INSERT INTO departments (code, name, name_en) VALUES ($1, $2, $3) RETURNING id',
      [`bench-${d}`, `科室${d}`, `Department ${d}`],
    );
    departments.push(Number(row!.id));
  }

  await database.exec(
    'DROP TABLE IF EXISTS bench_texts; CREATE TABLE bench_texts (i int PRIMARY KEY, lang text, kind text, category text, text text)',
  );
  const texts = buildTexts(TEXT_VARIANTS, seed);
  for (let start = 0; start < texts.length; start += 500) {
    const batch = texts.slice(start, start + 500);
    const params: unknown[] = [];
    const values = batch.map((t, j) => {
      params.push(start + j, t.lang, t.kind, t.category, t.text);
      const b = j * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
    });
    await database.query(`INSERT INTO bench_texts VALUES ${values.join(',')}`, params);
  }

  const indexDefs = await dropSecondaryIndexes(database);
  log(`  dropped ${indexDefs.length} secondary indexes for the load`);

  // h(k) is a per-row pseudo-random stream: hashint8 spreads consecutive ids over the whole int range
  // (bigint arithmetic: g * 7919 leaves int4 past 271,000 rows, and abs() of the int4 minimum overflows).
  const h = (k: number) => `abs(hashint8(g::bigint * 7919 + ${k + seed})::bigint)`;
  const deptArray = `ARRAY[${departments.join(',')}]::bigint[]`;
  for (let a = 1; a <= n; a += chunk) {
    const b = Math.min(n, a + chunk - 1);
    // Receipt time follows the id (as in real life) with a jitter of up to an hour.
    await database.query(
      `INSERT INTO tickets (ticket_no, tracking_hash, received_at, created_at, updated_at, channel, lang, anonymous,
                            text, kind, category, level, vip, department_id, status, first_response_at,
                            resolution_proposed_at, closed_at, closure, version, last_event_seq)
       SELECT to_char(r.at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(g::text, 7, '0'),
              md5(g::text || '-a-${seed}') || md5(g::text || '-b-${seed}'),
              r.at, r.at, r.at + interval '3 days', r.channel, t.lang, ${h(3)} % 10 = 0,
              t.text,
              CASE WHEN s.status = 'new' AND ${h(4)} % 2 = 0 THEN NULL ELSE t.kind END,
              CASE WHEN s.status = 'new' AND ${h(4)} % 2 = 0 THEN NULL ELSE t.category END,
              CASE WHEN s.status = 'new' AND ${h(4)} % 2 = 0 THEN NULL
                   WHEN ${h(5)} % 100 < 3 THEN 1 WHEN ${h(5)} % 100 < 30 THEN 2 ELSE 3 END,
              r.channel = 'vip_advisor',
              (${deptArray})[1 + ${h(6)} % ${departments.length}],
              s.status,
              CASE WHEN s.status <> 'new' THEN r.at + make_interval(mins => (10 + ${h(7)} % 600)::int) END,
              CASE WHEN s.status IN ('resolution_proposed', 'closed') THEN r.at + make_interval(hours => (4 + ${h(8)} % 200)::int) END,
              CASE WHEN s.status IN ('closed', 'resolved_on_spot', 'withdrawn', 'duplicate')
                   THEN r.at + make_interval(hours => (8 + ${h(8)} % 300)::int) END,
              CASE s.status WHEN 'closed' THEN (CASE WHEN ${h(9)} % 4 = 0 THEN 'lapsed' ELSE 'confirmed' END)
                            WHEN 'resolved_on_spot' THEN 'on_spot' WHEN 'withdrawn' THEN 'withdrawn'
                            WHEN 'duplicate' THEN 'duplicate' END,
              1 + ${h(10)} % 6,
              3 + ${h(11)} % 13
         FROM generate_series(${a}, ${b}) AS g
         CROSS JOIN LATERAL (SELECT timestamptz '${from.toISOString()}'
                                    + make_interval(secs => (g::float8 / ${n}) * ${spanSeconds} - (${h(1)} % 3600)) AS at,
                                    (${sqlArray(CHANNEL_POOL)})[1 + ${h(2)} % ${CHANNEL_POOL.length}] AS channel) r
         JOIN bench_texts t ON t.i = ${h(0)} % ${TEXT_VARIANTS}
         CROSS JOIN LATERAL (SELECT CASE WHEN r.at > timestamptz '${until.toISOString()}' - interval '${OPEN_WINDOW_DAYS} days'
                                         THEN (${sqlArray(OPEN_STATUS_POOL)})[1 + ${h(12)} % ${OPEN_STATUS_POOL.length}]
                                         ELSE (${sqlArray(CLOSED_STATUS_POOL)})[1 + ${h(12)} % ${CLOSED_STATUS_POOL.length}]
                                    END AS status) s`,
    );
    // Timelines: received, triaged, handling steps …, and the closing step for finished tickets.
    await database.query(
      `INSERT INTO ticket_events (ticket_id, seq, type, actor_type, actor_id, at, visibility, payload)
       SELECT t.id, e.seq,
              CASE WHEN e.seq = 1 THEN 'received'
                   WHEN e.seq = 2 THEN 'triaged'
                   WHEN e.seq = t.last_event_seq AND t.closed_at IS NOT NULL THEN t.status
                   ELSE (${sqlArray(MIDDLE_EVENT_POOL)})[1 + abs(hashint8(t.id * 31 + e.seq)::bigint) % ${MIDDLE_EVENT_POOL.length}]
              END,
              CASE WHEN e.seq = 1 THEN 'patient' WHEN e.seq = 2 THEN 'system' ELSE 'staff' END,
              NULL,
              t.received_at + make_interval(mins => e.seq * 37),
              CASE WHEN e.seq % 3 = 0 THEN 'internal' ELSE 'patient' END,
              CASE WHEN e.seq = 1 THEN jsonb_build_object('channel', t.channel)
                   WHEN e.seq % 2 = 0 THEN jsonb_build_object('text', left(t.text, 60))
                   ELSE '{}'::jsonb END
         FROM tickets t CROSS JOIN LATERAL generate_series(1, t.last_event_seq) AS e(seq)
        WHERE t.id BETWEEN $1 AND $2`,
      [a, b],
    );
    log(`  ${b.toLocaleString('en')} / ${n.toLocaleString('en')} tickets`);
  }

  log('  rebuilding indexes');
  for (const def of indexDefs) await database.exec(def);
  await database.exec('DROP TABLE bench_texts');
  // Intake after the load must not reuse generated numbers.
  await database.query(`SELECT setval('ticket_no_seq', $1)`, [n + 1]);
  await database.exec('ANALYZE tickets; ANALYZE ticket_events; ANALYZE departments');
  const [events] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_events');
  return {
    tickets: n,
    events: events?.n ?? 0,
    departments,
    seconds: (performance.now() - started) / 1000,
  };
}
