import { sql } from 'drizzle-orm';
import { FINAL_STATUSES } from '../domain/ticket/ticket.ts';
import { type Db, rowsOf } from './database.ts';
import { scopeCondition, type TicketScope } from './ticket-scope.ts';

export interface DashboardSummary {
  openByLevelStatus: { level: number | null; status: string; count: number }[];
  /** One row per calendar day in the institution's time zone, oldest first, days without tickets included. */
  perDay: { day: string; received: number; closed: number }[];
  /** Categories of the tickets received in the same window, most frequent first. */
  topCategories: { category: string; count: number }[];
}

const FINAL = [...FINAL_STATUSES];

export function createDashboardRepository(db: Db) {
  return {
    async summary(options: {
      now: Date;
      timeZone: string;
      days: number;
      /** Whose tickets count: the viewer's reach, exactly as in their ticket list. */
      scope: TicketScope;
    }): Promise<DashboardSummary> {
      const { now, timeZone, days } = options;
      const inScope = scopeCondition(options.scope);
      const nowTs = now.toISOString();
      // Local midnight `days - 1` days before today, as an instant: the window starts on a whole local day.
      const since = sql`((date_trunc('day', ${nowTs}::timestamptz AT TIME ZONE ${timeZone}) - make_interval(days => ${days - 1})) AT TIME ZONE ${timeZone})`;

      const open = rowsOf<{ level: number | null; status: string; count: string | number }>(
        await db.execute(sql`
          SELECT level, status, count(*) AS count FROM tickets
          WHERE ${inScope} AND status NOT IN (${sql.join(
            FINAL.map((s) => sql`${s}`),
            sql`, `,
          )})
          GROUP BY level, status ORDER BY level NULLS FIRST, status`),
      );

      const perDay = rowsOf<{ day: string; received: string | number; closed: string | number }>(
        await db.execute(sql`
          WITH days AS (
            SELECT generate_series(
              date_trunc('day', ${nowTs}::timestamptz AT TIME ZONE ${timeZone}) - make_interval(days => ${days - 1}),
              date_trunc('day', ${nowTs}::timestamptz AT TIME ZONE ${timeZone}),
              interval '1 day') AS day
          ),
          received AS (
            SELECT date_trunc('day', received_at AT TIME ZONE ${timeZone}) AS day, count(*) AS n
            FROM tickets WHERE ${inScope} AND received_at >= ${since} GROUP BY 1
          ),
          closed AS (
            SELECT date_trunc('day', closed_at AT TIME ZONE ${timeZone}) AS day, count(*) AS n
            FROM tickets WHERE ${inScope} AND closed_at >= ${since} GROUP BY 1
          )
          SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
                 coalesce(received.n, 0) AS received, coalesce(closed.n, 0) AS closed
          FROM days LEFT JOIN received USING (day) LEFT JOIN closed USING (day)
          ORDER BY days.day`),
      );

      const categories = rowsOf<{ category: string; count: string | number }>(
        await db.execute(sql`
          SELECT category, count(*) AS count FROM tickets
          WHERE ${inScope} AND received_at >= ${since} AND category IS NOT NULL
          GROUP BY category ORDER BY count(*) DESC, category`),
      );

      return {
        openByLevelStatus: open.map((r) => ({
          level: r.level === null ? null : Number(r.level),
          status: r.status,
          count: Number(r.count),
        })),
        perDay: perDay.map((r) => ({ day: r.day, received: Number(r.received), closed: Number(r.closed) })),
        topCategories: categories.map((r) => ({ category: r.category, count: Number(r.count) })),
      };
    },
  };
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
