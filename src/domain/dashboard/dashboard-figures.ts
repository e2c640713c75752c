/**
 * The dashboard's figures (shared/spec kpi.md), assembled from grouped counts. Pure: the repository
 * brings the rows, the caller brings the days; no clock, no database.
 *
 * Which tickets count: those RECEIVED in the window (the last `days` local days, today included) for
 * received-per-day, top categories and compliance; those CLOSED in it for closed-per-day; every open
 * ticket for the open and overdue figures.
 *
 * Compliance of a target (first response, resolution) per level, as kpi.md defines it: of the tickets
 * received in the window whose deadline has passed or whose target was met, the share met by the
 * deadline. Met = answered (resp. resolved: confirmed, lapsed or on the spot) at or before the due
 * instant. Missed = met late, or still running past the due instant, or withdrawn / marked duplicate
 * after the due instant had passed. A clock still running and not yet due (or held by an open pause)
 * is `pending`: neither met nor missed. A ticket withdrawn before its deadline left the loop unjudged.
 */

export const MS_PER_DAY = 86_400_000;

/** A local calendar day as 'YYYY-MM-DD'. */
export type LocalDay = string;

export function addDays(day: LocalDay, n: number): LocalDay {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The window's days, oldest first: `days` days ending with `today`. */
export function windowDays(today: LocalDay, days: number): LocalDay[] {
  return Array.from({ length: days }, (_, i) => addDays(today, i - (days - 1)));
}

/**
 * Days whose figures are computed from the tickets rather than read from the rollup: today (still
 * filling), every day touched by a change the rollup has not taken in yet, and, when there is no
 * usable rollup, the whole window. Only days inside the window matter; sorted.
 */
export function liveDays(window: readonly LocalDay[], touched: readonly LocalDay[], rollupUsable: boolean) {
  if (!rollupUsable) return [...window];
  const inWindow = new Set(window);
  const live = new Set<LocalDay>([window[window.length - 1]!]);
  for (const d of touched) if (inWindow.has(d)) live.add(d);
  return [...live].sort();
}

/** Met, missed and still-running counts of one target. */
export interface TargetCompliance {
  met: number;
  missed: number;
  pending: number;
  /** met / (met + missed) as a percentage with one decimal; null when nothing was judged yet. */
  rate: number | null;
}

export interface LevelCompliance {
  /** null: untriaged tickets (timed provisionally as level 2). */
  level: number | null;
  response: TargetCompliance;
  resolution: TargetCompliance;
}

/** One row of the grouped counts: exactly one of day, level and category is the grouping key. */
export interface FigureRow {
  by: 'day' | 'level' | 'category';
  key: string | number | null;
  received: number;
  closed: number;
  responseMet: number;
  responseMissed: number;
  responsePending: number;
  resolutionMet: number;
  resolutionMissed: number;
  resolutionPending: number;
}

export interface WindowFigures {
  /** One row per day of the window, oldest first, days without tickets included. */
  perDay: { day: LocalDay; received: number; closed: number }[];
  /** Categories of the tickets received in the window, most frequent first (untriaged left out). */
  topCategories: { category: string; count: number }[];
  /** Per level (untriaged first), for the tickets received in the window. */
  compliance: LevelCompliance[];
}

export function rate(met: number, missed: number): number | null {
  const judged = met + missed;
  return judged === 0 ? null : Math.round((met / judged) * 1000) / 10;
}

function target(met: number, missed: number, pending: number): TargetCompliance {
  return { met, missed, pending, rate: rate(met, missed) };
}

export function assembleWindowFigures(
  window: readonly LocalDay[],
  rows: readonly FigureRow[],
): WindowFigures {
  const byDay = new Map<string, FigureRow>();
  const levels: FigureRow[] = [];
  const categories: { category: string; count: number }[] = [];
  for (const r of rows) {
    if (r.by === 'day') byDay.set(String(r.key), r);
    else if (r.by === 'level') levels.push(r);
    else if (r.key !== null && r.received > 0)
      categories.push({ category: String(r.key), count: r.received });
  }
  categories.sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  const compliance = levels
    .filter(
      (r) => r.received > 0 || r.responseMet + r.responseMissed + r.resolutionMet + r.resolutionMissed > 0,
    )
    .map((r) => ({
      level: r.key === null ? null : Number(r.key),
      response: target(r.responseMet, r.responseMissed, r.responsePending),
      resolution: target(r.resolutionMet, r.resolutionMissed, r.resolutionPending),
    }))
    .sort((a, b) => (a.level ?? 0) - (b.level ?? 0));
  return {
    perDay: window.map((day) => ({
      day,
      received: byDay.get(day)?.received ?? 0,
      closed: byDay.get(day)?.closed ?? 0,
    })),
    topCategories: categories,
    compliance,
  };
}

/**
 * Consecutive days merged into runs [first, last]: the tickets of a run are one index range, so ten
 * live days in a row cost one range scan, not ten.
 */
export function dayRuns(days: readonly LocalDay[]): { first: LocalDay; last: LocalDay }[] {
  const runs: { first: LocalDay; last: LocalDay }[] = [];
  for (const day of [...new Set(days)].sort()) {
    const run = runs[runs.length - 1];
    if (run && addDays(run.last, 1) === day) run.last = day;
    else runs.push({ first: day, last: day });
  }
  return runs;
}
