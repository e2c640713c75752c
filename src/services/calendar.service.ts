import { AppError } from '../domain/app-error.ts';
import {
  type CalendarOverride,
  type CalendarOverrideKind,
  freezeCalendar,
  missingYears,
  validateCalendar,
  type WorkingCalendar,
} from '../domain/calendar/calendar.ts';
import { civilFromDayNumber } from '../domain/calendar/civil-date.ts';
import { mergeHolidayYear, parseHolidayCnJson } from '../domain/calendar/holiday-cn-import.ts';
import { DEFAULT_CALENDAR_ID, SEED_CALENDARS } from '../domain/calendar/seed-calendars.ts';
import { localDayNumber, timeZoneIndex } from '../domain/calendar/zoned-time.ts';
import { createCalendarRepository } from '../store/calendar.repository.ts';
import { cachedConfig, forgetConfig } from '../store/config-cache.ts';
import type { Database, Db } from '../store/database.ts';

const CALENDAR_REF_KEY = 'calendar-ref:';

/** A calendar that lacks holiday data for a year that matters now. */
export interface CalendarGap {
  calendarId: string;
  name: string;
  missingYears: number[];
}

export interface OverrideInput {
  date: string;
  kind: CalendarOverrideKind;
  name: string;
}

/**
 * Calendars from the database, with one frozen object per calendar version kept in memory: the clock
 * functions cache per-day plans per object (domain/calendar/day-plans.ts), so reusing the object is
 * what keeps deadline computation cheap. A change (override, import) bumps the stored version; every
 * server notices on its next lookup and builds a new object.
 */
export function createCalendarService(deps: { database: Database }) {
  const repository = createCalendarRepository(deps.database.db);
  const cache = new Map<string, { version: number; calendar: WorkingCalendar }>();

  async function load(id: string, tx: Db): Promise<WorkingCalendar> {
    const stored = await repository.find(id, tx);
    if (!stored) throw notFound(id);
    const calendar = freezeCalendar(stored.calendar);
    cache.set(id, { version: stored.version, calendar });
    return calendar;
  }

  async function cached(ref: { id: string; version: number }, tx: Db): Promise<WorkingCalendar> {
    const hit = cache.get(ref.id);
    return hit && hit.version === ref.version ? hit.calendar : load(ref.id, tx);
  }

  /** Applies `change` to the stored calendar inside one transaction; nothing is written if it throws. */
  async function change(id: string, now: Date, edit: (c: WorkingCalendar) => WorkingCalendar) {
    return deps.database.db.transaction(async (tx) => {
      const stored = await repository.find(id, tx, true);
      if (!stored) throw notFound(id);
      const next = edit(stored.calendar);
      validateCalendar(next);
      const version = await repository.replace(next, now, tx);
      forgetConfig(deps.database.db, CALENDAR_REF_KEY);
      return { calendar: next, version };
    });
  }

  async function gaps(now: Date): Promise<CalendarGap[]> {
    const result: CalendarGap[] = [];
    for (const summary of await repository.list()) {
      const calendar = await cached(summary, deps.database.db);
      const year = yearIn(calendar.timeZone, now);
      const missing = missingYears(calendar, year, year + 1);
      if (missing.length > 0)
        result.push({ calendarId: calendar.id, name: calendar.name, missingYears: missing });
    }
    return result;
  }

  return {
    /** Stores the built-in calendars on a first start; never overwrites an institution's edits. */
    seed: (now: Date) => repository.seed(SEED_CALENDARS, now),

    /** The calendar a department's clocks run on (its own or the default), current version. */
    async forDepartment(departmentId: number | null, tx: Db = deps.database.db): Promise<WorkingCalendar> {
      // Which calendar and version: cached (config-cache.ts) — every intake asks, changes are rare.
      const ref = await cachedConfig(deps.database.db, `${CALENDAR_REF_KEY}${departmentId}`, () =>
        repository.versionFor(departmentId, DEFAULT_CALENDAR_ID, tx),
      );
      if (!ref) throw notFound(DEFAULT_CALENDAR_ID);
      return cached(ref, tx);
    },

    async get(id: string): Promise<WorkingCalendar> {
      const stored = await repository.versionFor(null, id);
      if (!stored) throw notFound(id);
      return cached(stored, deps.database.db);
    },

    /** Every calendar with the years (this one and the next, in its zone) it has no holiday data for. */
    async list(now: Date) {
      const summaries = await repository.list();
      const gapsById = new Map((await gaps(now)).map((g) => [g.calendarId, g.missingYears]));
      return summaries.map((s) => ({ ...s, missingYears: gapsById.get(s.id) ?? [] }));
    },

    /**
     * Calendars lacking holiday data for the current or next year: deadlines there are guesses.
     * For health checks, start-up logs and the admin page.
     */
    calendarCoverage: gaps,

    /** Loads one holiday-cn year file into a calendar: all or nothing. */
    async importHolidayCn(id: string, text: string, now: Date) {
      const year = parseHolidayCnJson(text);
      const { calendar, version } = await change(id, now, (current) => mergeHolidayYear(current, year));
      return {
        calendarId: id,
        year: year.year,
        days: year.overrides.length,
        version,
        coveredYears: calendar.coveredYears,
      };
    },

    async overrides(id: string): Promise<CalendarOverride[]> {
      return (await this.get(id)).overrides.map((o) => ({ ...o }));
    },

    /** Adds an override; a date that already has one is refused (edit it instead). */
    async addOverride(id: string, input: OverrideInput, now: Date) {
      return change(id, now, (c) => {
        if (c.overrides.some((o) => o.date === input.date)) {
          throw new AppError(
            'CALENDAR_OVERLAPPING_OVERRIDE',
            `Calendar ${id} already has an override on ${input.date}; edit it instead.`,
            { field: 'date' },
          );
        }
        return { ...c, overrides: [...c.overrides, { ...input }] };
      });
    },

    async updateOverride(id: string, date: string, input: Omit<OverrideInput, 'date'>, now: Date) {
      return change(id, now, (c) => {
        if (!c.overrides.some((o) => o.date === date)) throw overrideNotFound(id, date);
        return { ...c, overrides: c.overrides.map((o) => (o.date === date ? { date, ...input } : o)) };
      });
    },

    async deleteOverride(id: string, date: string, now: Date) {
      return change(id, now, (c) => {
        if (!c.overrides.some((o) => o.date === date)) throw overrideNotFound(id, date);
        return { ...c, overrides: c.overrides.filter((o) => o.date !== date) };
      });
    },

    async setDepartmentCalendar(departmentId: number, calendarId: string | null): Promise<void> {
      if (calendarId !== null) await this.get(calendarId);
      const found = await repository.setDepartmentCalendar(departmentId, calendarId);
      forgetConfig(deps.database.db, CALENDAR_REF_KEY);
      if (!found) throw new AppError('DEPARTMENT_NOT_FOUND', `No department ${departmentId}.`);
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;

/** One human line per gap, for logs and the CLI's stderr. */
export function describeGap(gap: CalendarGap): string {
  return `calendar ${gap.calendarId} has no holiday data for ${gap.missingYears.join(', ')}: deadlines there count weekends only (load the year: careloop calendar import FILE --calendar ${gap.calendarId})`;
}

function yearIn(timeZone: string, now: Date): number {
  return civilFromDayNumber(localDayNumber(timeZoneIndex(timeZone), now.getTime())).year;
}

function notFound(id: string): AppError {
  return new AppError('CALENDAR_NOT_FOUND', `No calendar '${id}'.`, { field: 'calendar' });
}

function overrideNotFound(id: string, date: string): AppError {
  return new AppError('CALENDAR_OVERRIDE_NOT_FOUND', `Calendar ${id} has no override on ${date}.`, {
    field: 'date',
  });
}
