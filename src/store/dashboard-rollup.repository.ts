import { type SQL, sql } from 'drizzle-orm';
import { addDays, dayRuns } from '../domain/dashboard/dashboard-figures.ts';
import { FINAL_STATUSES, STATUSES } from '../domain/ticket/ticket.ts';
import { type Db, rowsOf } from './database.ts';

/**
 * The per-day rollup (schema-dashboard.ts) and the SQL both it and the live dashboard use to turn a
 * ticket into counts, so the two can never define a figure differently. Compliance follows
 * domain/dashboard/dashboard-figures.ts; the expressions below are the column-level form of it.
 */

/** Closures that meet the resolution target, and those that take the ticket out of the loop unresolved. */
const RESOLVING = sql.raw(`('confirmed', 'lapsed', 'on_spot')`);
const CANCELLING = sql.raw(`('withdrawn', 'duplicate')`);
export const OPEN_STATUSES = STATUSES.filter((s) => !FINAL_STATUSES.has(s));
/** `status IN (…open…)`, not `NOT IN (final)`: the positive list can use the status indexes. */
export const IS_OPEN = sql.raw(`status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);

const flag = (condition: SQL) => sql`CASE WHEN ${condition} THEN 1 ELSE 0 END`;

/**
 * Facts that stay true whatever the clock says (what the rollup may hold). A pause that is still open
 * holds the due instant at null; a target met meanwhile is met (the deadline will be later still).
 */
export const settled = {
  responseMet: sql`first_response_at IS NOT NULL AND (first_response_due_at IS NULL OR first_response_at <= first_response_due_at)`,
  responseMissed: sql`(first_response_at > first_response_due_at
      OR (first_response_at IS NULL AND closure IN ${CANCELLING} AND first_response_due_at <= closed_at))`,
  resolutionMet: sql`closure IN ${RESOLVING} AND (resolution_due_at IS NULL OR closed_at <= resolution_due_at)`,
  resolutionMissed: sql`((closure IN ${RESOLVING} AND closed_at > resolution_due_at)
      OR (closure IN ${CANCELLING} AND resolution_due_at <= closed_at))`,
};

/** Facts of an open ticket that change with `now`: a running clock past its due instant, or not yet. */
export function running(nowIso: string) {
  const now = sql`${nowIso}::timestamptz`;
  return {
    responseMissed: sql`(closed_at IS NULL AND first_response_at IS NULL AND first_response_due_at <= ${now})`,
    responsePending: sql`(closed_at IS NULL AND first_response_at IS NULL AND (first_response_due_at IS NULL OR first_response_due_at > ${now}))`,
    resolutionMissed: sql`(closed_at IS NULL AND resolution_due_at <= ${now})`,
    resolutionPending: sql`(closed_at IS NULL AND (resolution_due_at IS NULL OR resolution_due_at > ${now}))`,
    overdue: sql`(closed_at IS NULL AND ((first_response_at IS NULL AND first_response_due_at <= ${now}) OR resolution_due_at <= ${now}))`,
  };
}

export const localDay = (column: SQL, timeZone: string) => sql`((${column}) AT TIME ZONE ${timeZone})::date`;
/** The instant a local day starts at (a DST day is 23 or 25 hours long; the database knows). */
export const dayStart = (day: SQL, timeZone: string) => sql`((${day})::timestamp AT TIME ZONE ${timeZone})`;

/**
 * Tickets received (or closed) on one of `days`: one index range per run of consecutive days, with
 * constant bounds, so the planner sees how few rows each range holds.
 */
export function onDays(column: 'received_at' | 'closed_at', days: readonly string[], timeZone: string): SQL {
  const col = sql.raw(`tickets.${column}`);
  const runs = dayRuns(days);
  if (runs.length === 0) return sql`tickets WHERE false`;
  const ranges = runs.map(
    (r) =>
      sql`(${col} >= ${dayStart(sql`${r.first}::date`, timeZone)} AND ${col} < ${dayStart(sql`${addDays(r.last, 1)}::date`, timeZone)})`,
  );
  return sql`tickets WHERE (${sql.join(ranges, sql` OR `)})`;
}

const KEY = sql.raw('department_id, subject_staff_id, level, kind, category');

/** Contributions of tickets to the rollup: a received row per ticket received, a closed row per closure. */
function rollupContributions(receivedFrom: SQL, closedFrom: SQL, timeZone: string): SQL {
  return sql`
    SELECT ${localDay(sql`received_at`, timeZone)} AS day, ${KEY}, 1 AS received, 0 AS closed,
           ${flag(settled.responseMet)} AS response_met, ${flag(settled.responseMissed)} AS response_missed,
           ${flag(settled.resolutionMet)} AS resolution_met, ${flag(settled.resolutionMissed)} AS resolution_missed
      FROM ${receivedFrom}
    UNION ALL
    SELECT ${localDay(sql`closed_at`, timeZone)}, ${KEY}, 0, 1, 0, 0, 0, 0
      FROM ${closedFrom}`;
}

function insertRollup(contributions: SQL): SQL {
  return sql`
    INSERT INTO ticket_daily_stats (day, ${KEY}, received, closed, response_met, response_missed,
                                    resolution_met, resolution_missed)
    SELECT day, ${KEY}, sum(received), sum(closed), sum(response_met), sum(response_missed),
           sum(resolution_met), sum(resolution_missed)
      FROM (${contributions}) AS c
     GROUP BY day, ${KEY}
     -- A day's rows side by side on disk: the dashboard reads a range of days, not scattered rows.
     ORDER BY day`;
}

export interface RollupState {
  watermark: Date | null;
  timeZone: string | null;
  builtAt: Date | null;
}

export interface RollupRefresh {
  /** false: another server holds the rollup right now; nothing was done. */
  ran: boolean;
  full: boolean;
  days: number;
  rows: number;
}

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export function createDashboardRollupRepository(db: Db) {
  return {
    async state(tx: Db = db): Promise<RollupState | null> {
      const [row] = rowsOf<{ watermark: unknown; time_zone: string | null; built_at: unknown }>(
        await tx.execute(
          sql`SELECT watermark, time_zone, built_at FROM ticket_daily_stats_state WHERE id = 1`,
        ),
      );
      if (!row) return null;
      return { watermark: toDate(row.watermark), timeZone: row.time_zone, builtAt: toDate(row.built_at) };
    },

    /**
     * Recomputes every local day that a ticket changed since the last run touches (its day of receipt
     * and its day of closure), whole: delete + insert in one transaction, so a retry or a second run
     * gives the same rows. The first run (or a new time zone) builds everything. Two servers: the state
     * row is claimed with SKIP LOCKED, so the second one skips instead of counting twice.
     *
     * `watermark` is what the next run starts from. It lags `now` (the caller's margin) because a ticket
     * transaction stamps `updated_at` when it starts and becomes visible when it commits: a change
     * stamped just before this run but committed after it must still look new to the next run.
     */
    async refresh(options: { timeZone: string; watermark: Date; now: Date }): Promise<RollupRefresh> {
      const { timeZone } = options;
      return db.transaction(async (tx) => {
        await tx.execute(
          sql`INSERT INTO ticket_daily_stats_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING`,
        );
        const [claimed] = rowsOf<{ watermark: unknown; time_zone: string | null }>(
          await tx.execute(
            sql`SELECT watermark, time_zone FROM ticket_daily_stats_state WHERE id = 1 FOR UPDATE SKIP LOCKED`,
          ),
        );
        if (!claimed) return { ran: false, full: false, days: 0, rows: 0 };
        const previous = toDate(claimed.watermark);
        const full = previous === null || claimed.time_zone !== timeZone;

        let days: string[];
        if (full) {
          // TRUNCATE, not DELETE: the rebuilt rows land in a fresh file in day order instead of in the
          // holes of the old ones, so a range of days stays a few pages. Readers wait for the build (the
          // dashboard locks the table before its snapshot, so it then sees the new rows, never none);
          // that happens on the first run and after a change of time zone only.
          await tx.execute(sql`TRUNCATE ticket_daily_stats`);
          await tx.execute(
            insertRollup(
              rollupContributions(sql`tickets`, sql`tickets WHERE closed_at IS NOT NULL`, timeZone),
            ),
          );
          days = [];
        } else {
          days = rowsOf<{ day: string }>(
            await tx.execute(sql`
              SELECT DISTINCT to_char(d, 'YYYY-MM-DD') AS day
                FROM tickets CROSS JOIN LATERAL (VALUES (${localDay(sql`received_at`, timeZone)}),
                                                        (${localDay(sql`closed_at`, timeZone)})) AS v(d)
               WHERE updated_at > ${previous.toISOString()}::timestamptz AND d IS NOT NULL
               ORDER BY 1`),
          ).map((r) => r.day);
          if (days.length > 0) {
            await tx.execute(
              sql`DELETE FROM ticket_daily_stats WHERE day = ANY(${`{${days.join(',')}}`}::date[])`,
            );
            await tx.execute(
              insertRollup(
                rollupContributions(
                  onDays('received_at', days, timeZone),
                  onDays('closed_at', days, timeZone),
                  timeZone,
                ),
              ),
            );
          }
        }
        await tx.execute(sql`
          UPDATE ticket_daily_stats_state
             SET watermark = ${options.watermark.toISOString()}::timestamptz, time_zone = ${timeZone},
                 built_at = ${options.now.toISOString()}::timestamptz
           WHERE id = 1`);
        const [count] = rowsOf<{ n: number | string; d: number | string }>(
          await tx.execute(
            full
              ? sql`SELECT count(*) AS n, count(DISTINCT day) AS d FROM ticket_daily_stats`
              : sql`SELECT count(*) AS n, ${days.length} AS d FROM ticket_daily_stats
                     WHERE day = ANY(${`{${days.join(',')}}`}::date[])`,
          ),
        );
        return { ran: true, full, days: Number(count?.d ?? 0), rows: Number(count?.n ?? 0) };
      });
    },
  };
}

export type DashboardRollupRepository = ReturnType<typeof createDashboardRollupRepository>;
