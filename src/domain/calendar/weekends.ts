/**
 * `weekends`: Monday–Friday 08:00–12:00 and 13:30–17:30, no holidays at all. Having no holidays to
 * miss, it covers every year a calendar can describe, so it never triggers a missing-year warning.
 */
import {
  allCalendarYears,
  DEFAULT_WEEKLY_PERIODS,
  freezeCalendar,
  type WorkingCalendar,
} from './calendar.ts';

export const WEEKENDS_CALENDAR: WorkingCalendar = freezeCalendar({
  id: 'weekends',
  name: 'Monday–Friday, no holidays',
  timeZone: 'Asia/Shanghai',
  weeklyPeriods: DEFAULT_WEEKLY_PERIODS.map((period) => ({ ...period })),
  overrides: [],
  coveredYears: allCalendarYears(),
});
