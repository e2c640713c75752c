/**
 * What one local date of a calendar looks like: its working periods as UTC instants, and the
 * override (holiday / make-up day) that shaped it. Plans are computed once per date and cached on a
 * per-calendar index, which is what makes SLA computations cheap: after warm-up, a clock walking
 * through days does Map reads and integer comparisons only.
 */
import { AppError } from '../app-error.ts';
import {
  type CalendarOverride,
  periodMinutesByWeekday,
  validateCalendar,
  type WorkingCalendar,
} from './calendar.ts';
import { formatIsoDate, isoWeekday, MS_PER_DAY, MS_PER_MINUTE, parseIsoDate } from './civil-date.ts';
import { fromLocalMs, localDayNumber, type TimeZoneIndex, timeZoneIndex } from './zoned-time.ts';

export interface DayPlan {
  /** Day number (days since 1970-01-01) of the local date. */
  readonly dayNumber: number;
  /** Working periods as a flat list [start0, end0, start1, end1, …] of epoch ms, ascending. */
  readonly periods: readonly number[];
  /** The override that applies to the date, if any. */
  readonly override: CalendarOverride | undefined;
}

/** A validated calendar prepared for fast clock arithmetic. Get it with `calendarIndex(calendar)`. */
export interface CalendarIndex {
  readonly calendar: WorkingCalendar;
  readonly zone: TimeZoneIndex;
  /** Weekly periods per ISO weekday (index 1..7) as flat [startMinute, endMinute, …]. */
  readonly weeklyMinutes: readonly (readonly number[])[];
  /** Periods of a make-up working day: those of the first weekday, Monday first, that has any. */
  readonly makeUpDayMinutes: readonly number[];
  readonly overrides: ReadonlyMap<number, CalendarOverride>;
  readonly coveredYears: ReadonlySet<number>;
  readonly plans: Map<number, DayPlan>;
}

/** Past this many days without a single working period, a clock gives up instead of looping. */
export const MAX_DAYS_WITHOUT_WORK = 400;
const MAX_CACHED_PLANS = 50_000;

const indexes = new WeakMap<WorkingCalendar, CalendarIndex>();

/** The (cached) index of a calendar; validates the calendar the first time it is seen. */
export function calendarIndex(calendar: WorkingCalendar): CalendarIndex {
  const cached = indexes.get(calendar);
  if (cached !== undefined) return cached;
  validateCalendar(calendar);
  const weeklyMinutes = periodMinutesByWeekday(calendar);
  const overrides = new Map<number, CalendarOverride>();
  for (const override of calendar.overrides) overrides.set(parseIsoDate(override.date)!, override);
  const index: CalendarIndex = {
    calendar,
    zone: timeZoneIndex(calendar.timeZone),
    weeklyMinutes,
    makeUpDayMinutes: weeklyMinutes.find((minutes) => minutes.length > 0) ?? [],
    overrides,
    coveredYears: new Set(calendar.coveredYears),
    plans: new Map(),
  };
  indexes.set(calendar, index);
  return index;
}

export function dayPlan(index: CalendarIndex, dayNumber: number): DayPlan {
  let plan = index.plans.get(dayNumber);
  if (plan === undefined) {
    if (index.plans.size >= MAX_CACHED_PLANS) index.plans.clear();
    plan = buildDayPlan(index, dayNumber);
    index.plans.set(dayNumber, plan);
  }
  return plan;
}

/** Day number of the calendar-local date on which an instant falls. */
export function localDayOf(index: CalendarIndex, instantMs: number): number {
  return localDayNumber(index.zone, instantMs);
}

export function noWorkingTimeError(index: CalendarIndex, fromDay: number): AppError {
  return new AppError(
    'CALENDAR_NO_WORKING_TIME',
    `Calendar ${index.calendar.id} has no working period in the ${MAX_DAYS_WITHOUT_WORK} days after ${formatIsoDate(fromDay)}.`,
  );
}

function buildDayPlan(index: CalendarIndex, dayNumber: number): DayPlan {
  const override = index.overrides.get(dayNumber);
  let minutes: readonly number[];
  if (override === undefined) minutes = index.weeklyMinutes[isoWeekday(dayNumber)] ?? [];
  else minutes = override.kind === 'off' ? [] : index.makeUpDayMinutes;
  const periods: number[] = [];
  const midnightLocalMs = dayNumber * MS_PER_DAY;
  for (let i = 0; i < minutes.length; i += 2) {
    const start = fromLocalMs(index.zone, midnightLocalMs + minutes[i]! * MS_PER_MINUTE);
    const end = fromLocalMs(index.zone, midnightLocalMs + minutes[i + 1]! * MS_PER_MINUTE);
    // A period lying wholly inside a DST gap has no real time in it: drop it.
    if (end > start) periods.push(start, end);
  }
  return { dayNumber, periods, override };
}
