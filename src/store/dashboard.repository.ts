import { type SQL, sql } from 'drizzle-orm';
import {
  assembleWindowFigures,
  type FigureRow,
  type LevelCompliance,
  liveDays,
  windowDays,
} from '../domain/dashboard/dashboard-figures.ts';
import { dayStart, IS_OPEN, localDay, onDays, running, settled } from './dashboard-rollup.repository.ts';
import { type Db, rowsOf } from './database.ts';
import { scopeCondition, type TicketScope } from './ticket-scope.ts';

export interface DashboardSummary {
  openByLevelStatus: { level: number | null; status: string; count: number }[];
  /** Open tickets past a deadline now (first response or resolution), per level. */
  overdueByLevel: { level: number | null; count: number }[];
  /** One row per calendar day in the institution's time zone, oldest first, days without tickets included. */
  perDay: { day: string; received: number; closed: number }[];
  /** Categories of the tickets received in the same window, most frequent first. */
  topCategories: { category: string; count: number }[];
  /** Response and resolution compliance per level of the tickets received in the window (dashboard-figures.ts). */
  compliance: LevelCompliance[];
  /** Where the figures came from: closed days from the rollup as of `builtAt`, `liveDays` from the tickets. */
  rollup: { builtAt: string | null; liveDays: number };
}

/**
 * Whose tickets a viewer's figures count. Figures are the department's (kpi.md: "a department head sees
 * their department's figures"): its own tickets, each counted once across departments, not the other
 * departments' tickets it holds a task on. That is a key of the rollup, so the rollup answers for every
 * scope but one: a viewer with neither every ticket nor a department (own tickets only), whose figures
 * are computed from the tickets. A ticket naming the viewer is left out of their figures, as of their lists.
 */
function figureScope(scope: TicketScope): { tickets: SQL; dayRangeFilter: SQL; rollup: SQL | null } {
  const notAboutViewerTicket = sql`(tickets.subject_staff_id IS NULL OR tickets.subject_staff_id <> ${scope.userId})`;
  const notAboutViewerRollup = sql`subject_staff_id IS DISTINCT FROM ${scope.userId}`;
  if (scope.all) {
    return {
      tickets: notAboutViewerTicket,
      dayRangeFilter: notAboutViewerTicket,
      rollup: notAboutViewerRollup,
    };
  }
  if (scope.departmentId !== null) {
    const d = scope.departmentId;
    return {
      tickets: sql`tickets.department_id = ${d} AND ${notAboutViewerTicket}`,
      // The same condition in a form no index answers: on a few days' ranges the planner otherwise
      // walks the department's whole part of the queue index (department first, receipt third).
      dayRangeFilter: sql`tickets.department_id IS NOT DISTINCT FROM ${d} AND ${notAboutViewerTicket}`,
      rollup: sql`department_id = ${d} AND ${notAboutViewerRollup}`,
    };
  }
  const own = scopeCondition(scope);
  return { tickets: own, dayRangeFilter: own, rollup: null };
}

const flag = (condition: SQL) => sql`CASE WHEN ${condition} THEN 1 ELSE 0 END`;
const daysArray = (days: readonly string[]) => sql`${`{${days.join(',')}}`}::date[]`;

type Count = string | number;

export function createDashboardRepository(db: Db) {
  return {
    /**
     * The dashboard: closed days from the rollup, today and every day the rollup has not caught up
     * with from the tickets (indexed day ranges), running deadlines from the open tickets, all read in
     * one snapshot so the parts agree. Exact at every moment, whether or not the rollup job has run.
     */
    async summary(options: {
      now: Date;
      timeZone: string;
      days: number;
      /** Whose tickets count: the viewer's reach (figureScope). */
      scope: TicketScope;
    }): Promise<DashboardSummary> {
      const { timeZone } = options;
      const nowIso = options.now.toISOString();
      const scope = figureScope(options.scope);
      const live = running(nowIso);

      return db.transaction(
        async (tx) => {
          // A handful of small range reads: compiling them (PostgreSQL's JIT, chosen on cost guesses)
          // took longer than running them on the bench's million tickets.
          await tx.execute(sql`SET LOCAL jit = off`);
          // Before the snapshot is taken: a full rebuild TRUNCATEs the rollup, which a snapshot taken
          // earlier would see as empty; with the lock held first we wait for it and see the new rows.
          await tx.execute(sql`LOCK TABLE ticket_daily_stats IN ACCESS SHARE MODE`);
          const [head] = rowsOf<{
            today: string;
            watermark: unknown;
            time_zone: string | null;
            built_at: unknown;
          }>(
            await tx.execute(sql`
              SELECT to_char(${localDay(sql`${nowIso}::timestamptz`, timeZone)}, 'YYYY-MM-DD') AS today,
                     s.watermark, s.time_zone, s.built_at
                FROM (SELECT 1) AS one LEFT JOIN ticket_daily_stats_state AS s ON s.id = 1`),
          );
          const window = windowDays(head!.today, options.days);
          const first = window[0]!;
          const today = window[window.length - 1]!;
          const watermark = head!.watermark === null ? null : new Date(head!.watermark as string);
          const usable = scope.rollup !== null && watermark !== null && head!.time_zone === timeZone;

          // Days the rollup has not taken in yet: those of tickets changed after its watermark.
          const touched = usable
            ? rowsOf<{ day: string }>(
                await tx.execute(sql`
                  SELECT DISTINCT to_char(d, 'YYYY-MM-DD') AS day
                    FROM tickets CROSS JOIN LATERAL (VALUES (${localDay(sql`received_at`, timeZone)}),
                                                            (${localDay(sql`closed_at`, timeZone)})) AS v(d)
                   WHERE updated_at > ${watermark!.toISOString()}::timestamptz AND d >= ${first}::date`),
              ).map((r) => r.day)
            : [];
          const liveOnes = liveDays(window, touched, usable);

          const parts: SQL[] = [];
          if (usable) {
            parts.push(sql`
              SELECT day, level, category, received, closed, response_met AS rm, response_missed AS rx, 0 AS rp,
                     resolution_met AS sm, resolution_missed AS sx, 0 AS sp
                FROM ticket_daily_stats
               WHERE day >= ${first}::date AND day <= ${today}::date AND day <> ALL(${daysArray(liveOnes)})
                 AND ${scope.rollup!}`);
            // The rollup holds settled facts only; a clock still running on those days is judged now.
            parts.push(sql`
              SELECT ${localDay(sql`received_at`, timeZone)}, level, category, 0, 0,
                     0, ${flag(live.responseMissed)}, ${flag(live.responsePending)},
                     0, ${flag(live.resolutionMissed)}, ${flag(live.resolutionPending)}
                FROM tickets
               WHERE ${IS_OPEN} AND received_at >= ${dayStart(sql`${first}::date`, timeZone)}
                 AND received_at < ${dayStart(sql`${today}::date + 1`, timeZone)}
                 AND ${localDay(sql`received_at`, timeZone)} <> ALL(${daysArray(liveOnes)})
                 AND ${scope.tickets}`);
          }
          parts.push(sql`
            SELECT ${localDay(sql`received_at`, timeZone)}, level, category, 1, 0,
                   ${flag(settled.responseMet)}, ${flag(sql`${settled.responseMissed} OR ${live.responseMissed}`)},
                   ${flag(live.responsePending)},
                   ${flag(settled.resolutionMet)}, ${flag(sql`${settled.resolutionMissed} OR ${live.resolutionMissed}`)},
                   ${flag(live.resolutionPending)}
              FROM ${onDays('received_at', liveOnes, timeZone)} AND ${scope.dayRangeFilter}`);
          parts.push(sql`
            SELECT ${localDay(sql`closed_at`, timeZone)}, level, category, 0, 1, 0, 0, 0, 0, 0, 0
              FROM ${onDays('closed_at', liveOnes, timeZone)} AND ${scope.dayRangeFilter}`);

          const grouped = rowsOf<{
            by: FigureRow['by'];
            day: string | null;
            level: Count | null;
            category: string | null;
            received: Count;
            closed: Count;
            rm: Count;
            rx: Count;
            rp: Count;
            sm: Count;
            sx: Count;
            sp: Count;
          }>(
            await tx.execute(sql`
              SELECT CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(level) = 0 THEN 'level'
                          ELSE 'category' END AS by,
                     to_char(day, 'YYYY-MM-DD') AS day, level, category,
                     sum(received) AS received, sum(closed) AS closed, sum(rm) AS rm, sum(rx) AS rx,
                     sum(rp) AS rp, sum(sm) AS sm, sum(sx) AS sx, sum(sp) AS sp
                FROM (${sql.join(parts, sql` UNION ALL `)})
                  -- Named here, not by whichever part comes first (without a usable rollup, an unnamed one).
                  AS c(day, level, category, received, closed, rm, rx, rp, sm, sx, sp)
               GROUP BY GROUPING SETS ((day), (level), (category))`),
          );
          const figures = assembleWindowFigures(
            window,
            grouped.map((r) => ({
              by: r.by,
              key:
                r.by === 'day'
                  ? r.day
                  : r.by === 'level'
                    ? r.level === null
                      ? null
                      : Number(r.level)
                    : r.category,
              received: Number(r.received),
              closed: Number(r.closed),
              responseMet: Number(r.rm),
              responseMissed: Number(r.rx),
              responsePending: Number(r.rp),
              resolutionMet: Number(r.sm),
              resolutionMissed: Number(r.sx),
              resolutionPending: Number(r.sp),
            })),
          );

          const open = rowsOf<{ level: Count | null; status: string; count: Count; overdue: Count }>(
            await tx.execute(sql`
              SELECT level, status, count(*) AS count, count(*) FILTER (WHERE ${live.overdue}) AS overdue
                FROM tickets WHERE ${IS_OPEN} AND ${scope.tickets}
               GROUP BY level, status ORDER BY level NULLS FIRST, status`),
          );
          const overdue = new Map<number | null, number>();
          for (const r of open) {
            const level = r.level === null ? null : Number(r.level);
            overdue.set(level, (overdue.get(level) ?? 0) + Number(r.overdue));
          }

          return {
            openByLevelStatus: open.map((r) => ({
              level: r.level === null ? null : Number(r.level),
              status: r.status,
              count: Number(r.count),
            })),
            overdueByLevel: [...overdue].map(([level, count]) => ({ level, count })),
            ...figures,
            rollup: {
              builtAt: head!.built_at === null ? null : new Date(head!.built_at as string).toISOString(),
              liveDays: liveOnes.length,
            },
          };
        },
        // One snapshot for every part: a rollup refresh committing in between cannot be half-seen.
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    },
  };
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
