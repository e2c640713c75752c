/**
 * A working calendar as plain data: a time zone, the weekly working periods, and dated overrides
 * (statutory holidays off, make-up working days on). Stored as JSON, seeded in code, importable from
 * holiday-cn files. Treat calendar objects as immutable: the clock functions cache derived data per
 * object (see day-plans.ts).
 *
 * Years: `coveredYears` lists the years whose holiday data was loaded. A year that is not covered is
 * worked as the weekly periods alone (weekends only): deadlines there are guesses, and callers must
 * say so loudly (`missingYears`). The only overrides allowed outside covered years are those in a year
 * next to a covered one, because holiday-cn files list a few days of the neighbouring year (2012.json
 * holds the make-up Saturday 2011-12-31 of 元旦 2012).
 */
import { AppError } from '../app-error.ts';
import { civilFromDayNumber, MINUTES_PER_DAY, parseHhMm, parseIsoDate } from './civil-date.ts';
import { isValidTimeZone } from './zoned-time.ts';

export interface WeeklyPeriod {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 'HH:MM' local time. */
  start: string;
  /** 'HH:MM' local time, after `start`; '24:00' means midnight at the end of the day. */
  end: string;
}

export type CalendarOverrideKind = 'off' | 'working';

export interface CalendarOverride {
  /** 'YYYY-MM-DD' local date. */
  date: string;
  /** 'off': no working periods that day. 'working': a make-up working day (调休上班) with the normal
   *  weekday periods, i.e. those of the first weekday (Monday first) that has any. */
  kind: CalendarOverrideKind;
  /** Holiday name shown in explanations, e.g. 国庆节. */
  name: string;
}

export interface WorkingCalendar {
  id: string;
  name: string;
  /** IANA zone name; periods and dates are local to it. */
  timeZone: string;
  weeklyPeriods: WeeklyPeriod[];
  overrides: CalendarOverride[];
  /** Years for which holiday data was loaded. */
  coveredYears: number[];
}

export const MIN_CALENDAR_YEAR = 1970;
export const MAX_CALENDAR_YEAR = 2100;

/** Monday–Friday 08:00–12:00 and 13:30–17:30 (sla.md). */
export const DEFAULT_WEEKLY_PERIODS: readonly WeeklyPeriod[] = Object.freeze(
  [1, 2, 3, 4, 5].flatMap((weekday) => [
    Object.freeze({ weekday, start: '08:00', end: '12:00' }),
    Object.freeze({ weekday, start: '13:30', end: '17:30' }),
  ]),
);

/** Every year a calendar can describe: for calendars without holidays, which cover all of them. */
export function allCalendarYears(): number[] {
  const years: number[] = [];
  for (let year = MIN_CALENDAR_YEAR; year <= MAX_CALENDAR_YEAR; year++) years.push(year);
  return years;
}

/** Freezes a calendar deeply: shared calendars (the seeds) must not change under the caches. */
export function freezeCalendar(calendar: WorkingCalendar): WorkingCalendar {
  for (const period of calendar.weeklyPeriods) Object.freeze(period);
  for (const override of calendar.overrides) Object.freeze(override);
  Object.freeze(calendar.weeklyPeriods);
  Object.freeze(calendar.overrides);
  Object.freeze(calendar.coveredYears);
  return Object.freeze(calendar);
}

/** Years in [fromYear, toYear] for which the calendar has no holiday data, ascending. */
export function missingYears(calendar: WorkingCalendar, fromYear: number, toYear: number): number[] {
  const covered = new Set(calendar.coveredYears);
  const missing: number[] = [];
  for (let year = fromYear; year <= toYear; year++) if (!covered.has(year)) missing.push(year);
  return missing;
}

/** Throws an AppError naming the first problem with a calendar definition. */
export function validateCalendar(calendar: WorkingCalendar): void {
  if (typeof calendar !== 'object' || calendar === null) {
    throw new AppError('CALENDAR_INVALID', 'A calendar must be an object.');
  }
  if (typeof calendar.id !== 'string' || calendar.id.trim() === '') {
    throw new AppError('CALENDAR_INVALID', 'A calendar needs a non-empty id.', { field: 'id' });
  }
  if (!isValidTimeZone(calendar.timeZone)) {
    throw new AppError(
      'CALENDAR_BAD_ZONE',
      `Calendar ${calendar.id}: unknown time zone '${String(calendar.timeZone)}' (expected an IANA name like Asia/Shanghai).`,
      { field: 'timeZone' },
    );
  }
  validateWeeklyPeriods(calendar);
  validateYearsAndOverrides(calendar);
}

function validateWeeklyPeriods(calendar: WorkingCalendar): void {
  if (!Array.isArray(calendar.weeklyPeriods) || calendar.weeklyPeriods.length === 0) {
    throw new AppError(
      'CALENDAR_BAD_PERIOD',
      `Calendar ${calendar.id} needs at least one weekly working period.`,
      {
        field: 'weeklyPeriods',
      },
    );
  }
  const byWeekday = new Map<number, { start: number; end: number; index: number }[]>();
  calendar.weeklyPeriods.forEach((period, index) => {
    const field = `weeklyPeriods[${index}]`;
    const bad = (why: string) =>
      new AppError('CALENDAR_BAD_PERIOD', `Calendar ${calendar.id}, ${field}: ${why}.`, { field });
    if (!Number.isInteger(period?.weekday) || period.weekday < 1 || period.weekday > 7) {
      throw bad(`weekday must be 1 (Monday) to 7 (Sunday), got ${String(period?.weekday)}`);
    }
    const start = typeof period.start === 'string' ? parseHhMm(period.start, false) : null;
    const end = typeof period.end === 'string' ? parseHhMm(period.end, true) : null;
    if (start === null) throw bad(`start '${String(period.start)}' is not a time HH:MM (00:00–23:59)`);
    if (end === null) throw bad(`end '${String(period.end)}' is not a time HH:MM (00:00–24:00)`);
    if (end <= start) throw bad(`ends (${period.end}) before it starts (${period.start})`);
    const sameDay = byWeekday.get(period.weekday) ?? [];
    const clash = sameDay.find((other) => start < other.end && other.start < end);
    if (clash !== undefined) {
      throw bad(`${period.start}–${period.end} overlaps weeklyPeriods[${clash.index}] on the same weekday`);
    }
    sameDay.push({ start, end, index });
    byWeekday.set(period.weekday, sameDay);
  });
}

function validateYearsAndOverrides(calendar: WorkingCalendar): void {
  if (!Array.isArray(calendar.coveredYears)) {
    throw new AppError('CALENDAR_INVALID', `Calendar ${calendar.id}: coveredYears must be a list of years.`, {
      field: 'coveredYears',
    });
  }
  for (const year of calendar.coveredYears) checkYear(calendar, year, 'coveredYears');
  const covered = new Set(calendar.coveredYears);
  if (!Array.isArray(calendar.overrides)) {
    throw new AppError('CALENDAR_INVALID', `Calendar ${calendar.id}: overrides must be a list.`, {
      field: 'overrides',
    });
  }
  const seen = new Map<number, number>();
  calendar.overrides.forEach((override, index) => {
    const field = `overrides[${index}]`;
    const day = typeof override?.date === 'string' ? parseIsoDate(override.date) : null;
    if (day === null) {
      throw new AppError(
        'CALENDAR_BAD_OVERRIDE',
        `Calendar ${calendar.id}, ${field}: date '${String(override?.date)}' is not a date YYYY-MM-DD.`,
        { field },
      );
    }
    const year = civilFromDayNumber(day).year;
    checkYear(calendar, year, field);
    if (override.kind !== 'off' && override.kind !== 'working') {
      throw new AppError(
        'CALENDAR_BAD_OVERRIDE',
        `Calendar ${calendar.id}, ${field}: kind must be 'off' or 'working', got '${String(override.kind)}'.`,
        { field },
      );
    }
    if (typeof override.name !== 'string') {
      throw new AppError('CALENDAR_BAD_OVERRIDE', `Calendar ${calendar.id}, ${field}: name must be text.`, {
        field,
      });
    }
    const earlier = seen.get(day);
    if (earlier !== undefined) {
      throw new AppError(
        'CALENDAR_OVERLAPPING_OVERRIDE',
        `Calendar ${calendar.id}: ${override.date} is overridden twice (overrides[${earlier}] and ${field}).`,
        { field },
      );
    }
    seen.set(day, index);
    if (!covered.has(year) && !covered.has(year - 1) && !covered.has(year + 1)) {
      throw new AppError(
        'CALENDAR_OVERRIDE_UNCOVERED_YEAR',
        `Calendar ${calendar.id}, ${field}: ${override.date} lies in ${year}, which is not in coveredYears; add the year or remove the override.`,
        { field },
      );
    }
  });
}

function checkYear(calendar: WorkingCalendar, year: unknown, field: string): void {
  if (
    !Number.isInteger(year) ||
    (year as number) < MIN_CALENDAR_YEAR ||
    (year as number) > MAX_CALENDAR_YEAR
  ) {
    throw new AppError(
      'CALENDAR_YEAR_OUT_OF_RANGE',
      `Calendar ${calendar.id}, ${field}: year ${String(year)} is outside ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}.`,
      { field },
    );
  }
}

/** Weekly periods of one ISO weekday as [startMinute, endMinute] pairs, sorted. */
export function periodMinutesByWeekday(calendar: WorkingCalendar): number[][] {
  const byWeekday: number[][] = [[], [], [], [], [], [], [], []];
  const sorted = [...calendar.weeklyPeriods].sort(
    (a, b) => (parseHhMm(a.start, false) ?? 0) - (parseHhMm(b.start, false) ?? 0),
  );
  for (const period of sorted) {
    byWeekday[period.weekday]!.push(
      parseHhMm(period.start, false) ?? 0,
      parseHhMm(period.end, true) ?? MINUTES_PER_DAY,
    );
  }
  return byWeekday;
}
