import { describe, expect, it } from 'vitest';
import {
  civilFromDayNumber,
  dayNumberFromCivil,
  formatIsoDate,
  isoWeekday,
  parseHhMm,
  parseIsoDate,
} from './civil-date.ts';

describe('civil dates as day numbers', () => {
  it('agrees with Date.UTC for every day from 1960 to 2110', () => {
    const mismatches: number[] = [];
    for (let day = dayNumberFromCivil(1960, 1, 1); day <= dayNumberFromCivil(2110, 12, 31); day++) {
      const utc = new Date(day * 86_400_000);
      const civil = civilFromDayNumber(day);
      const same =
        civil.year === utc.getUTCFullYear() &&
        civil.month === utc.getUTCMonth() + 1 &&
        civil.day === utc.getUTCDate();
      if (!same || dayNumberFromCivil(civil.year, civil.month, civil.day) !== day) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
  });

  it('numbers ISO weekdays from Monday = 1', () => {
    expect(isoWeekday(parseIsoDate('2026-03-09')!)).toBe(1); // Monday
    expect(isoWeekday(parseIsoDate('2026-03-11')!)).toBe(3); // Wednesday
    expect(isoWeekday(parseIsoDate('2026-03-15')!)).toBe(7); // Sunday
    expect(isoWeekday(parseIsoDate('1969-12-31')!)).toBe(3); // before the epoch too
  });

  it('parses only real dates YYYY-MM-DD', () => {
    expect(formatIsoDate(parseIsoDate('2028-02-29')!)).toBe('2028-02-29');
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '2026-01-01T00:00', '']) {
      expect(parseIsoDate(bad)).toBeNull();
    }
  });

  it('parses HH:MM, with 24:00 only as an end of day', () => {
    expect(parseHhMm('13:30', false)).toBe(810);
    expect(parseHhMm('24:00', true)).toBe(1440);
    expect(parseHhMm('24:00', false)).toBeNull();
    for (const bad of ['8:00', '25:00', '12:60', '12:00:00', 'noon']) expect(parseHhMm(bad, true)).toBeNull();
  });
});
