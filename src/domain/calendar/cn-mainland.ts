/**
 * `cn-mainland`, the default calendar: Monday–Friday 08:00–12:00 and 13:30–17:30 in Asia/Shanghai,
 * with the State Council's statutory holidays as days off and its make-up working days (调休上班) as
 * working days. 2026 is seeded exactly as sla.md lists it; load further years from holiday-cn files
 * (holiday-cn-import.ts). Weekends that merely adjoin a holiday are ordinary weekends, so they are
 * not listed, except where the notice's holiday range includes them.
 */
import {
  type CalendarOverride,
  DEFAULT_WEEKLY_PERIODS,
  freezeCalendar,
  type WorkingCalendar,
} from './calendar.ts';
import { formatIsoDate, parseIsoDate } from './civil-date.ts';

/** [name, first date, last date] of each 2026 holiday, all inclusive. */
const HOLIDAYS_2026: readonly (readonly [string, string, string])[] = [
  ['元旦', '2026-01-01', '2026-01-03'],
  ['春节', '2026-02-15', '2026-02-23'],
  ['清明节', '2026-04-04', '2026-04-06'],
  ['劳动节', '2026-05-01', '2026-05-05'],
  ['端午节', '2026-06-19', '2026-06-21'],
  ['中秋节', '2026-09-25', '2026-09-27'],
  ['国庆节', '2026-10-01', '2026-10-07'],
];

/** Make-up working days of 2026 and the holiday each one pays for. */
const MAKE_UP_DAYS_2026: readonly (readonly [string, string])[] = [
  ['元旦', '2026-01-04'],
  ['春节', '2026-02-14'],
  ['春节', '2026-02-28'],
  ['劳动节', '2026-05-09'],
  ['国庆节', '2026-09-20'],
  ['国庆节', '2026-10-10'],
];

function daysOff(name: string, first: string, last: string): CalendarOverride[] {
  const days: CalendarOverride[] = [];
  for (let day = parseIsoDate(first)!; day <= parseIsoDate(last)!; day++) {
    days.push({ date: formatIsoDate(day), kind: 'off', name });
  }
  return days;
}

const overrides2026: CalendarOverride[] = [
  ...HOLIDAYS_2026.flatMap(([name, first, last]) => daysOff(name, first, last)),
  ...MAKE_UP_DAYS_2026.map(([name, date]): CalendarOverride => ({ date, kind: 'working', name })),
].sort((a, b) => (a.date < b.date ? -1 : 1));

export const CN_MAINLAND_CALENDAR: WorkingCalendar = freezeCalendar({
  id: 'cn-mainland',
  name: '中国大陆法定工作日 (China mainland statutory working days)',
  timeZone: 'Asia/Shanghai',
  weeklyPeriods: DEFAULT_WEEKLY_PERIODS.map((period) => ({ ...period })),
  overrides: overrides2026,
  coveredYears: [2026],
});
