/** Shapes the dashboard summary into chart series; pure, so the arithmetic is tested without a canvas. */
export interface DashboardSummary {
  timeZone: string;
  days: number;
  openByLevelStatus: { level: number | null; status: string; count: number }[];
  perDay: { day: string; received: number; closed: number }[];
  topCategories: { category: string; count: number }[];
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
