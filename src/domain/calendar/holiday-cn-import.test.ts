import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.ts';
import { missingYears, type WorkingCalendar } from './calendar.ts';
import { CN_MAINLAND_CALENDAR } from './cn-mainland.ts';
import { mergeHolidayYear, parseHolidayCnJson } from './holiday-cn-import.ts';
import { isWorkingDay } from './working-time.ts';

/** A made-up 2027 in the holiday-cn shape (NOT the real schedule, which is not published here). */
const FILE_2027 = JSON.stringify(
  {
    $schema: 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json',
    year: 2027,
    papers: [],
    days: [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '元旦', date: '2027-01-02', isOffDay: true },
      { name: '元旦', date: '2027-01-03', isOffDay: true },
      { name: '春节', date: '2027-02-06', isOffDay: false },
      { name: '春节', date: '2027-02-07', isOffDay: true },
    ],
  },
  null,
  4,
);

function importError(text: string): AppError {
  try {
    parseHolidayCnJson(text);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the import to be rejected');
}

const file = (days: unknown, year: unknown = 2027) => JSON.stringify({ year, days });

describe('parseHolidayCnJson', () => {
  it('turns days into overrides', () => {
    const parsed = parseHolidayCnJson(FILE_2027);
    expect(parsed.year).toBe(2027);
    expect(parsed.overrides[0]).toEqual({ date: '2027-01-01', kind: 'off', name: '元旦' });
    expect(parsed.overrides[3]).toEqual({ date: '2027-02-06', kind: 'working', name: '春节' });
  });

  it('accepts a day of the neighbouring year, as in holiday-cn 2012.json', () => {
    const parsed = parseHolidayCnJson(
      file(
        [
          { name: '元旦', date: '2011-12-31', isOffDay: false },
          { name: '元旦', date: '2012-01-01', isOffDay: true },
        ],
        2012,
      ),
    );
    expect(parsed.overrides.map((o) => o.date)).toEqual(['2011-12-31', '2012-01-01']);
  });

  it.each([
    ['a bad date', [{ name: '元旦', date: '2027-02-30', isOffDay: true }], 'days[0]'],
    ['a missing name', [{ date: '2027-01-01', isOffDay: true }], 'days[0]'],
    ['isOffDay as text', [{ name: '元旦', date: '2027-01-01', isOffDay: 'true' }], 'days[0]'],
    [
      'a duplicate date',
      [
        { name: '元旦', date: '2027-01-01', isOffDay: true },
        { name: '元旦', date: '2027-01-01', isOffDay: false },
      ],
      'days[1]',
    ],
    [
      'a date far from the year',
      [
        { name: '元旦', date: '2027-01-01', isOffDay: true },
        { name: '国庆节', date: '2029-10-01', isOffDay: true },
      ],
      'days[1]',
    ],
    [
      'an entry that is not an object',
      [{ name: '元旦', date: '2027-01-01', isOffDay: true }, 'x'],
      'days[1]',
    ],
  ])('rejects %s, naming the entry', (_why, days, entry) => {
    const error = importError(file(days));
    expect(error.code).toBe('CALENDAR_IMPORT_INVALID');
    expect(error.message).toContain(entry);
  });

  it('rejects a file holiday-cn publishes before the notice is out (no days)', () => {
    const error = importError(file([]));
    expect(error.code).toBe('CALENDAR_IMPORT_INVALID');
    expect(error.message).toContain('no day off in 2027');
  });

  it('rejects broken JSON with its line', () => {
    const error = importError('{\n  "year": 2027,\n  "days": [\n    {"name": "元旦",}\n  ]\n}');
    expect(error.code).toBe('CALENDAR_IMPORT_INVALID');
    expect(error.message).toMatch(/not valid JSON.*line 4/);
  });

  it.each([
    ['a year out of range', file([], 1969)],
    ['a missing year', JSON.stringify({ days: [] })],
    ['days that are not a list', JSON.stringify({ year: 2027, days: {} })],
    ['an array instead of an object', '[]'],
  ])('rejects %s', (_why, text) => {
    expect(importError(text).code).toBe('CALENDAR_IMPORT_INVALID');
  });
});

describe('mergeHolidayYear', () => {
  it('loads a missing year: 2027-01-01 stops being a guessed working day', () => {
    expect(isWorkingDay(CN_MAINLAND_CALENDAR, '2027-01-01')).toBe(true); // weekends-only guess
    expect(missingYears(CN_MAINLAND_CALENDAR, 2027, 2027)).toEqual([2027]);

    const merged = mergeHolidayYear(CN_MAINLAND_CALENDAR, parseHolidayCnJson(FILE_2027));
    expect(merged.coveredYears).toEqual([2026, 2027]);
    expect(missingYears(merged, 2026, 2027)).toEqual([]);
    expect(isWorkingDay(merged, '2027-01-01')).toBe(false);
    expect(isWorkingDay(merged, '2027-02-06')).toBe(true); // make-up Saturday
    expect(isWorkingDay(merged, '2026-10-01')).toBe(false); // 2026 kept
    expect(CN_MAINLAND_CALENDAR.coveredYears).toEqual([2026]); // the seed is untouched
  });

  it('replaces days listed again and keeps the rest, in any order of import', () => {
    const empty: WorkingCalendar = { ...CN_MAINLAND_CALENDAR, overrides: [], coveredYears: [] };
    const y2012 = parseHolidayCnJson(
      file(
        [
          { name: '元旦', date: '2011-12-31', isOffDay: false },
          { name: '元旦', date: '2012-01-02', isOffDay: true },
        ],
        2012,
      ),
    );
    const y2011 = parseHolidayCnJson(file([{ name: '国庆节', date: '2011-10-03', isOffDay: true }], 2011));
    const merged = mergeHolidayYear(mergeHolidayYear(empty, y2012), y2011);
    expect(merged.overrides.map((o) => o.date)).toEqual(['2011-10-03', '2011-12-31', '2012-01-02']);
    expect(isWorkingDay(merged, '2011-12-31')).toBe(true); // a Saturday, made a working day by 2012.json

    const corrected = parseHolidayCnJson(
      file(
        [
          { name: '元旦', date: '2012-01-02', isOffDay: false },
          { name: '元旦', date: '2012-01-03', isOffDay: true },
        ],
        2012,
      ),
    );
    const recorrected = mergeHolidayYear(merged, corrected);
    expect(recorrected.overrides.map((o) => `${o.date} ${o.kind}`)).toEqual([
      '2011-10-03 off',
      '2011-12-31 working',
      '2012-01-02 working',
      '2012-01-03 off',
    ]);
  });
});
