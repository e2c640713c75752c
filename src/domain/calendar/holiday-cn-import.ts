/**
 * Import of one year of statutory holidays from a holiday-cn file
 * (https://github.com/NateScarlet/holiday-cn: `{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},…]}`).
 *
 * All or nothing: any malformed field rejects the whole file with CALENDAR_IMPORT_INVALID naming the
 * entry, so a half-loaded year can never be marked as covered. Two traps of the real files are
 * handled on purpose:
 * - a year file may list days of the neighbouring year (2012.json holds the make-up Saturday
 *   2011-12-31 of 元旦 2012); those are accepted;
 * - holiday-cn publishes `"days": []` for a year whose notice is not out yet; importing that would mark
 *   the year as covered with no holidays at all, so a file without a single day off is rejected.
 */
import { AppError } from '../app-error.ts';
import {
  type CalendarOverride,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
  validateCalendar,
  type WorkingCalendar,
} from './calendar.ts';
import { civilFromDayNumber, parseIsoDate } from './civil-date.ts';

export interface HolidayYear {
  year: number;
  /** One override per listed day, in file order. */
  overrides: CalendarOverride[];
}

/** Parses and checks a holiday-cn year file. Throws AppError('CALENDAR_IMPORT_INVALID', …). */
export function parseHolidayCnJson(text: string): HolidayYear {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw invalid(`not valid JSON${jsonErrorLocation(text, err)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw invalid('the file must hold one JSON object');
  const { year, days } = data as { year?: unknown; days?: unknown };
  if (
    !Number.isInteger(year) ||
    (year as number) < MIN_CALENDAR_YEAR ||
    (year as number) > MAX_CALENDAR_YEAR
  ) {
    throw invalid(
      `"year" must be a whole year in ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}, got ${JSON.stringify(year)}`,
    );
  }
  if (!Array.isArray(days)) throw invalid('"days" must be a list');
  const fileYear = year as number;

  const overrides: CalendarOverride[] = [];
  const indexByDate = new Map<string, number>();
  days.forEach((entry: unknown, index) => {
    const where = `days[${index}] ${JSON.stringify(entry)}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw invalid(`${where}: not an object`);
    const { name, date, isOffDay } = entry as { name?: unknown; date?: unknown; isOffDay?: unknown };
    if (typeof name !== 'string' || name.trim() === '')
      throw invalid(`${where}: "name" must be non-empty text`);
    const dayNumber = typeof date === 'string' ? parseIsoDate(date) : null;
    if (dayNumber === null) throw invalid(`${where}: "date" must be a real date YYYY-MM-DD`);
    const dateYear = civilFromDayNumber(dayNumber).year;
    if (Math.abs(dateYear - fileYear) > 1) {
      throw invalid(`${where}: ${String(date)} is too far from the file's year ${fileYear}`);
    }
    if (typeof isOffDay !== 'boolean') throw invalid(`${where}: "isOffDay" must be true or false`);
    const earlier = indexByDate.get(date as string);
    if (earlier !== undefined)
      throw invalid(`${where}: ${String(date)} is already listed as days[${earlier}]`);
    indexByDate.set(date as string, index);
    overrides.push({ date: date as string, kind: isOffDay ? 'off' : 'working', name: name.trim() });
  });

  const hasDayOff = overrides.some((o) => o.kind === 'off' && o.date.startsWith(`${fileYear}-`));
  if (!hasDayOff) {
    throw invalid(
      `no day off in ${fileYear}: the year's holidays are probably not published yet, so it cannot be marked as loaded`,
    );
  }
  return { year: fileYear, overrides };
}

/**
 * A new calendar with the year's days merged in and the year marked as covered. Days in the file
 * replace any override on the same date; other overrides stay (so importing years in any order, or
 * again, never drops a neighbouring year's spill-over day). The result is validated.
 */
export function mergeHolidayYear(calendar: WorkingCalendar, holidayYear: HolidayYear): WorkingCalendar {
  const replaced = new Set(holidayYear.overrides.map((o) => o.date));
  const overrides = [
    ...calendar.overrides.filter((o) => !replaced.has(o.date)),
    ...holidayYear.overrides.map((o) => ({ ...o })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const coveredYears = [...new Set([...calendar.coveredYears, holidayYear.year])].sort((a, b) => a - b);
  const merged: WorkingCalendar = {
    ...calendar,
    weeklyPeriods: calendar.weeklyPeriods.map((p) => ({ ...p })),
    overrides,
    coveredYears,
  };
  validateCalendar(merged);
  return merged;
}

function invalid(why: string): AppError {
  return new AppError('CALENDAR_IMPORT_INVALID', `holiday-cn import rejected, nothing loaded: ${why}.`);
}

/** " at line L, column C" from a JSON.parse error that reports a position, else "". */
function jsonErrorLocation(text: string, err: unknown): string {
  const match = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (match === null) return '';
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}
