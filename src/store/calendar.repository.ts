import { asc, eq, sql } from 'drizzle-orm';
import type { CalendarOverride, WorkingCalendar } from '../domain/calendar/calendar.ts';
import { type Db, rowsOf } from './database.ts';
import { calendarOverrides, calendars } from './schema-sla.ts';

/** A stored calendar and the version its cached copies are keyed by. */
export interface StoredCalendar {
  calendar: WorkingCalendar;
  version: number;
}

export interface CalendarSummary {
  id: string;
  name: string;
  timeZone: string;
  coveredYears: number[];
  version: number;
  overrideCount: number;
}

export function createCalendarRepository(db: Db) {
  return {
    /** Inserts calendars that do not exist yet, with their overrides; existing ones are left alone. */
    async seed(seeds: readonly WorkingCalendar[], now: Date): Promise<string[]> {
      const created: string[] = [];
      for (const seed of seeds) {
        await db.transaction(async (tx) => {
          const inserted = await tx
            .insert(calendars)
            .values({
              id: seed.id,
              name: seed.name,
              timeZone: seed.timeZone,
              weeklyPeriods: seed.weeklyPeriods.map((p) => ({ ...p })),
              coveredYears: [...seed.coveredYears],
              updatedAt: now,
            })
            .onConflictDoNothing()
            .returning({ id: calendars.id });
          if (inserted.length === 0) return;
          if (seed.overrides.length > 0) {
            await tx
              .insert(calendarOverrides)
              .values(seed.overrides.map((o) => ({ calendarId: seed.id, ...o })));
          }
          created.push(seed.id);
        });
      }
      return created;
    },

    /** Id and version of the calendar a department works by (its own, else `defaultId`). */
    async versionFor(
      departmentId: number | null,
      defaultId: string,
      tx: Db = db,
    ): Promise<{ id: string; version: number } | null> {
      const [row] = rowsOf<{ id: string; version: number }>(
        await tx.execute(sql`
          SELECT c.id, c.version FROM calendars c
          WHERE c.id = COALESCE((SELECT d.calendar_id FROM departments d WHERE d.id = ${departmentId}), ${defaultId})`),
      );
      return row ?? null;
    },

    async find(id: string, tx: Db = db, forUpdate = false): Promise<StoredCalendar | null> {
      const query = tx.select().from(calendars).where(eq(calendars.id, id));
      const [row] = forUpdate ? await query.for('update') : await query;
      if (!row) return null;
      const overrides = await tx
        .select({ date: calendarOverrides.date, kind: calendarOverrides.kind, name: calendarOverrides.name })
        .from(calendarOverrides)
        .where(eq(calendarOverrides.calendarId, id))
        .orderBy(asc(calendarOverrides.date));
      return {
        version: row.version,
        calendar: {
          id: row.id,
          name: row.name,
          timeZone: row.timeZone,
          weeklyPeriods: row.weeklyPeriods,
          coveredYears: row.coveredYears,
          overrides: overrides as CalendarOverride[],
        },
      };
    },

    async list(): Promise<CalendarSummary[]> {
      const rows = rowsOf<CalendarSummary & { override_count: number }>(
        await db.execute(sql`
          SELECT c.id, c.name, c.time_zone AS "timeZone", c.covered_years AS "coveredYears", c.version,
                 (SELECT count(*)::int FROM calendar_overrides o WHERE o.calendar_id = c.id) AS "overrideCount"
          FROM calendars c ORDER BY c.id`),
      );
      return rows;
    },

    /**
     * Replaces a calendar's overrides and covered years with `calendar`'s and bumps its version. Call in
     * the transaction that read it with `find(id, tx, true)`, so concurrent edits serialise.
     */
    async replace(calendar: WorkingCalendar, now: Date, tx: Db): Promise<number> {
      await tx.delete(calendarOverrides).where(eq(calendarOverrides.calendarId, calendar.id));
      if (calendar.overrides.length > 0) {
        await tx
          .insert(calendarOverrides)
          .values(calendar.overrides.map((o) => ({ calendarId: calendar.id, ...o })));
      }
      const [row] = await tx
        .update(calendars)
        .set({
          coveredYears: [...calendar.coveredYears],
          version: sql`${calendars.version} + 1`,
          updatedAt: now,
        })
        .where(eq(calendars.id, calendar.id))
        .returning({ version: calendars.version });
      return row!.version;
    },

    async setDepartmentCalendar(departmentId: number, calendarId: string | null): Promise<boolean> {
      const rows = rowsOf<{ id: number }>(
        await db.execute(
          sql`UPDATE departments SET calendar_id = ${calendarId} WHERE id = ${departmentId} RETURNING id`,
        ),
      );
      return rows.length > 0;
    },
  };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
