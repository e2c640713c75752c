/**
 * Clock arithmetic on a working calendar: add working time, measure it, find the end of the n-th
 * working day. Two layers:
 * - the `…Ms` functions work on epoch milliseconds and a CalendarIndex, and accept "stopped"
 *   intervals (the SLA engine's pauses) during which the clock does not run; they are the hot path;
 * - the Date functions below them are the friendly public API over a WorkingCalendar.
 */
import { AppError } from '../app-error.ts';
import type { WorkingCalendar } from './calendar.ts';
import { MS_PER_MINUTE, parseIsoDate } from './civil-date.ts';
import {
  type CalendarIndex,
  calendarIndex,
  dayPlan,
  localDayOf,
  MAX_DAYS_WITHOUT_WORK,
  noWorkingTimeError,
} from './day-plans.ts';

/** A half-open interval [start, end) of epoch ms; `end` may be Infinity (still open). */
export interface Interval {
  start: number;
  end: number;
}

const NO_STOPS: readonly Interval[] = [];

/**
 * The instant at which `amountMs` of working time has run from `fromMs`, not counting time inside
 * `stops` (sorted, disjoint). Lands on the end of a period rather than the start of the next one
 * (10:00 + 2 h = 12:00, not 13:30). With amount 0, returns the first running instant at or after
 * `fromMs`. Null when an open stop holds the clock before the amount is reached.
 */
export function advanceWorkingMs(
  index: CalendarIndex,
  fromMs: number,
  amountMs: number,
  stops: readonly Interval[] = NO_STOPS,
): number | null {
  let remaining = amountMs;
  let cursor = fromMs;
  let stop = 0;
  let idleDays = 0;
  const firstDay = localDayOf(index, fromMs);
  for (let day = firstDay; ; day++) {
    const { periods } = dayPlan(index, day);
    if (periods.length === 0) {
      if (++idleDays > MAX_DAYS_WITHOUT_WORK) throw noWorkingTimeError(index, firstDay);
      continue;
    }
    idleDays = 0;
    for (let i = 0; i < periods.length; i += 2) {
      const end = periods[i + 1]!;
      if (end <= cursor) continue;
      let at = Math.max(periods[i]!, cursor);
      while (at < end) {
        while (stop < stops.length && stops[stop]!.end <= at) stop++;
        const next = stops[stop];
        if (next !== undefined && next.start <= at) {
          if (next.end === Number.POSITIVE_INFINITY) return null;
          at = next.end; // the clock is stopped until the stop ends
          continue;
        }
        const runUntil = next !== undefined && next.start < end ? next.start : end;
        const available = runUntil - at;
        if (remaining <= available) return at + remaining;
        remaining -= available;
        at = runUntil;
      }
      cursor = at;
    }
  }
}

/** Working time (ms) in [fromMs, toMs); negative when toMs < fromMs. */
export function workingMsBetween(index: CalendarIndex, fromMs: number, toMs: number): number {
  if (toMs < fromMs) return -workingMsBetween(index, toMs, fromMs);
  let total = 0;
  const lastDay = localDayOf(index, toMs);
  for (let day = localDayOf(index, fromMs); day <= lastDay; day++) {
    const { periods } = dayPlan(index, day);
    for (let i = 0; i < periods.length; i += 2) {
      const start = Math.max(periods[i]!, fromMs);
      const end = Math.min(periods[i + 1]!, toMs);
      if (end > start) total += end - start;
    }
  }
  return total;
}

/**
 * End of the last working period of the n-th working day after the local date of `fromMs`. That
 * date itself never counts, whether or not it is a working day (the rule of Chinese law for periods).
 */
export function endOfNthWorkingDayMs(index: CalendarIndex, fromMs: number, n: number): number {
  let counted = 0;
  let idleDays = 0;
  const firstDay = localDayOf(index, fromMs);
  for (let day = firstDay + 1; ; day++) {
    const { periods } = dayPlan(index, day);
    if (periods.length === 0) {
      if (++idleDays > MAX_DAYS_WITHOUT_WORK) throw noWorkingTimeError(index, firstDay);
      continue;
    }
    idleDays = 0;
    if (++counted === n) return periods[periods.length - 1]!;
  }
}

/** Wall-clock counterpart of advanceWorkingMs: every instant runs except inside `stops`. */
export function advanceCalendarMs(
  fromMs: number,
  amountMs: number,
  stops: readonly Interval[] = NO_STOPS,
): number | null {
  let cursor = fromMs;
  let remaining = amountMs;
  for (const stop of stops) {
    if (stop.end <= cursor) continue;
    if (stop.start >= cursor + remaining) break;
    if (stop.start > cursor) remaining -= stop.start - cursor;
    if (stop.end === Number.POSITIVE_INFINITY) return null;
    cursor = stop.end;
  }
  return cursor + remaining;
}

// ---- Public Date API ------------------------------------------------------------------------

export interface WorkingPeriod {
  start: Date;
  end: Date;
}

/** Working periods of a local date 'YYYY-MM-DD' (empty on days off). */
export function workingPeriodsOn(calendar: WorkingCalendar, date: string): WorkingPeriod[] {
  const dayNumber = parseIsoDate(date);
  if (dayNumber === null) {
    throw new AppError('CALENDAR_BAD_DATE', `'${date}' is not a date YYYY-MM-DD.`, { field: 'date' });
  }
  const { periods } = dayPlan(calendarIndex(calendar), dayNumber);
  const result: WorkingPeriod[] = [];
  for (let i = 0; i < periods.length; i += 2)
    result.push({ start: new Date(periods[i]!), end: new Date(periods[i + 1]!) });
  return result;
}

export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  return workingPeriodsOn(calendar, date).length > 0;
}

/** Wall-clock minutes, round the clock: DST changes do not stretch or shrink them. */
export function addCalendarMinutes(from: Date, minutes: number): Date {
  checkInstant(from, 'from');
  checkAmount(minutes);
  return new Date(from.getTime() + minutes * MS_PER_MINUTE);
}

/**
 * `from` plus working minutes. A start inside a break or on a day off runs from the next period
 * start; the result is the end of a period rather than the start of the next.
 */
export function addWorkingMinutes(calendar: WorkingCalendar, from: Date, minutes: number): Date {
  checkInstant(from, 'from');
  checkAmount(minutes);
  return new Date(advanceWorkingMs(calendarIndex(calendar), from.getTime(), minutes * MS_PER_MINUTE)!);
}

/** Working minutes in [a, b); negative when b is before a. */
export function workingMinutesBetween(calendar: WorkingCalendar, a: Date, b: Date): number {
  checkInstant(a, 'a');
  checkInstant(b, 'b');
  return workingMsBetween(calendarIndex(calendar), a.getTime(), b.getTime()) / MS_PER_MINUTE;
}

/** End of the last working period of the n-th working day after the day of `receivedAt`. */
export function endOfNthWorkingDay(calendar: WorkingCalendar, receivedAt: Date, n: number): Date {
  checkInstant(receivedAt, 'receivedAt');
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError(
      'CALENDAR_BAD_AMOUNT',
      `The number of working days must be a whole number ≥ 1, got ${n}.`,
    );
  }
  return new Date(endOfNthWorkingDayMs(calendarIndex(calendar), receivedAt.getTime(), n));
}

function checkInstant(value: Date, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new AppError('CALENDAR_BAD_INSTANT', `${field} must be a valid Date.`, { field });
  }
}

function checkAmount(minutes: number): void {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new AppError(
      'CALENDAR_BAD_AMOUNT',
      `The number of minutes must be finite and ≥ 0, got ${minutes}.`,
    );
  }
}
