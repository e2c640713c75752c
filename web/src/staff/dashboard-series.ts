/** Shapes the dashboard summary into chart series; pure, so the arithmetic is tested without a canvas. */
export interface DashboardSummary {
  timeZone: string;
  days: number;
  openByLevelStatus: { level: number | null; status: string; count: number }[];
  overdueByLevel: { level: number | null; count: number }[];
  perDay: { day: string; received: number; closed: number }[];
  topCategories: { category: string; count: number }[];
  /** Of the tickets received in the window (kpi.md): met / missed by the deadline, and clocks not yet due. */
  compliance: {
    level: number | null;
    response: TargetCompliance;
    resolution: TargetCompliance;
  }[];
  rollup: { builtAt: string | null; liveDays: number };
}

export interface TargetCompliance {
  met: number;
  missed: number;
  pending: number;
  /** Percent met of those judged (one decimal); null while none was judged. */
  rate: number | null;
}

/** Cumulative share (percent, one decimal) of each bar in a Pareto chart, most frequent first. */
export function paretoCumulative(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  let running = 0;
  return counts.map((c) => {
    running += c;
    return total === 0 ? 0 : Math.round((running / total) * 1000) / 10;
  });
}

/** Open tickets as a level × status matrix: one stacked-bar series per status, one bar per level. */
export function openMatrix(rows: DashboardSummary['openByLevelStatus']): {
  levels: (number | null)[];
  statuses: string[];
  counts: Record<string, number[]>;
} {
  const levels = [...new Set(rows.map((r) => r.level))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const statuses = [...new Set(rows.map((r) => r.status))];
  const counts: Record<string, number[]> = {};
  for (const status of statuses) {
    counts[status] = levels.map(
      (level) => rows.find((r) => r.level === level && r.status === status)?.count ?? 0,
    );
  }
  return { levels, statuses, counts };
}

/** What a compliance bar says in numbers, so colour is never the only signal: "92.5% (37/40)". */
export function complianceLabel(c: TargetCompliance): string {
  return c.rate === null ? '—' : `${c.rate}% (${c.met}/${c.met + c.missed})`;
}

/** One bar per level and target; a level nobody was judged in yet has no bar (null), not a 0 % bar. */
export function complianceSeries(rows: DashboardSummary['compliance']): {
  levels: (number | null)[];
  response: (number | null)[];
  resolution: (number | null)[];
} {
  const sorted = [...rows].sort((a, b) => (a.level ?? 0) - (b.level ?? 0));
  return {
    levels: sorted.map((r) => r.level),
    response: sorted.map((r) => r.response.rate),
    resolution: sorted.map((r) => r.resolution.rate),
  };
}

export function overdueTotal(rows: DashboardSummary['overdueByLevel']): number {
  return rows.reduce((a, r) => a + r.count, 0);
}
