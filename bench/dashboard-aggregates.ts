/**
 * Dashboard aggregates over every ticket: per day, per level, per category and SLA compliance.
 *
 * Bench-only SQL: there is no dashboard repository yet, so these are the queries such a repository
 * would run (full scans grouped in the institution's time zone). Compliance has no stored deadlines
 * to compare with yet, so it uses a stand-in rule (closed within 1/5/15 days for levels 1/2/3) that
 * reads the same columns and costs the same scan.
 */
import type { Database } from '../src/store/database.ts';
import { median, type Sample } from './measure.ts';

const AGGREGATES: { name: string; sql: string }[] = [
  {
    name: 'per-day',
    sql: `SELECT (received_at AT TIME ZONE $1)::date AS day, count(*)::int AS n
            FROM tickets GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'per-level',
    sql: `SELECT level, count(*)::int AS n, count(*) FILTER (WHERE closed_at IS NULL)::int AS open
            FROM tickets WHERE $1::text IS NOT NULL GROUP BY 1`,
  },
  {
    name: 'per-category',
    sql: `SELECT category, kind, count(*)::int AS n FROM tickets WHERE $1::text IS NOT NULL GROUP BY 1, 2`,
  },
  {
    name: 'compliance',
    sql: `SELECT date_trunc('month', received_at AT TIME ZONE $1) AS month,
                 count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed,
                 count(*) FILTER (WHERE closed_at - received_at <= CASE level WHEN 1 THEN interval '1 day'
                                  WHEN 2 THEN interval '5 days' ELSE interval '15 days' END)::int AS in_time
            FROM tickets GROUP BY 1 ORDER BY 1`,
  },
];

export interface AggregateResult {
  name: string;
  sample: Sample & { runs: number };
  note: string;
}

/** Times each aggregate and the four together ("all": what one dashboard load costs), `runs` times. */
export async function runDashboardAggregates(
  database: Database,
  options: { runs: number; timeZone: string },
): Promise<AggregateResult[]> {
  const times = new Map<string, number[]>([['all', []]]);
  for (const a of AGGREGATES) times.set(a.name, []);
  let rows = 0;
  for (let r = 0; r < options.runs; r++) {
    const allStart = performance.now();
    for (const a of AGGREGATES) {
      const t = performance.now();
      rows += (await database.query(a.sql, [options.timeZone])).length;
      times.get(a.name)!.push(performance.now() - t);
    }
    times.get('all')!.push(performance.now() - allStart);
  }
  if (rows === 0) throw new Error('dashboard aggregates returned nothing');
  return [...times.entries()].map(([name, ms]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return {
      name,
      sample: {
        p50_ms: median(sorted),
        // Few runs: the worst one is the honest p99.
        p99_ms: sorted[sorted.length - 1] ?? Number.NaN,
        per_s: 1000 / median(sorted),
        ops: sorted.length,
        errors: 0,
        runs: sorted.length,
      },
      note:
        name === 'all'
          ? 'per-day + per-level + per-category + compliance, sequential; bench-only SQL (no dashboard repository yet)'
          : 'bench-only SQL',
    };
  });
}
