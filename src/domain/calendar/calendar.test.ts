import { describe, expect, it } from 'vitest';
import { DEFAULT_WEEKLY_PERIODS, missingYears, validateCalendar, type WorkingCalendar } from './calendar.ts';
import { CN_MAINLAND_CALENDAR } from './cn-mainland.ts';
import { WEEKENDS_CALENDAR } from './weekends.ts';

const base: WorkingCalendar = {
  id: 'clinic',
  name: 'Clinic',
  timeZone: 'Asia/Shanghai',
  weeklyPeriods: [...DEFAULT_WEEKLY_PERIODS],
  overrides: [],
  coveredYears: [2026],
};

function codeOf(change: Partial<WorkingCalendar>): string | undefined {
  try {
    validateCalendar({ ...base, ...change });
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('validateCalendar', () => {
  it('accepts the seeds and a plain definition', () => {
    expect(() => validateCalendar(CN_MAINLAND_CALENDAR)).not.toThrow();
    expect(() => validateCalendar(WEEKENDS_CALENDAR)).not.toThrow();
    expect(codeOf({})).toBeUndefined();
  });

  it('rejects an unknown IANA zone', () => {
    expect(codeOf({ timeZone: 'China/Beijing' })).toBe('CALENDAR_BAD_ZONE');
  });

  it.each([
    ['bad HH:MM', [{ weekday: 1, start: '8:00', end: '12:00' }]],
    ['hour 25', [{ weekday: 1, start: '08:00', end: '25:00' }]],
    ['end before start', [{ weekday: 1, start: '13:00', end: '12:00' }]],
    ['empty period', [{ weekday: 1, start: '12:00', end: '12:00' }]],
    ['weekday 0', [{ weekday: 0, start: '08:00', end: '12:00' }]],
    ['weekday 8', [{ weekday: 8, start: '08:00', end: '12:00' }]],
    [
      'overlapping periods',
      [
        { weekday: 2, start: '08:00', end: '12:00' },
        { weekday: 2, start: '11:30', end: '14:00' },
      ],
    ],
    ['no periods at all', []],
  ])('rejects %s with CALENDAR_BAD_PERIOD', (_why, weeklyPeriods) => {
    expect(codeOf({ weeklyPeriods })).toBe('CALENDAR_BAD_PERIOD');
  });

  it('accepts touching periods and a night shift split at midnight', () => {
    const weeklyPeriods = [
      { weekday: 6, start: '00:00', end: '06:00' },
      { weekday: 6, start: '22:00', end: '24:00' },
      { weekday: 7, start: '08:00', end: '12:00' },
      { weekday: 7, start: '12:00', end: '13:00' },
    ];
    expect(codeOf({ weeklyPeriods })).toBeUndefined();
  });

  it('rejects two overrides for one date', () => {
    const overrides = [
      { date: '2026-05-01', kind: 'off' as const, name: '劳动节' },
      { date: '2026-05-01', kind: 'working' as const, name: '调休' },
    ];
    expect(codeOf({ overrides })).toBe('CALENDAR_OVERLAPPING_OVERRIDE');
  });

  it('rejects malformed overrides', () => {
    expect(codeOf({ overrides: [{ date: '2026-02-30', kind: 'off', name: 'x' }] })).toBe(
      'CALENDAR_BAD_OVERRIDE',
    );
    expect(codeOf({ overrides: [{ date: '2026-05-01', kind: 'holiday' as 'off', name: 'x' }] })).toBe(
      'CALENDAR_BAD_OVERRIDE',
    );
  });

  it('rejects years outside 1970–2100', () => {
    expect(codeOf({ coveredYears: [1969] })).toBe('CALENDAR_YEAR_OUT_OF_RANGE');
    expect(codeOf({ coveredYears: [2101] })).toBe('CALENDAR_YEAR_OUT_OF_RANGE');
    expect(codeOf({ coveredYears: [2026.5] })).toBe('CALENDAR_YEAR_OUT_OF_RANGE');
    expect(
      codeOf({ coveredYears: [2100], overrides: [{ date: '2101-01-01', kind: 'off', name: 'x' }] }),
    ).toBe('CALENDAR_YEAR_OUT_OF_RANGE');
  });

  it('allows overrides only in covered years and their neighbours (holiday-cn spill-over days)', () => {
    expect(codeOf({ overrides: [{ date: '2028-01-03', kind: 'off', name: 'x' }] })).toBe(
      'CALENDAR_OVERRIDE_UNCOVERED_YEAR',
    );
    expect(codeOf({ overrides: [{ date: '2025-12-27', kind: 'working', name: '元旦' }] })).toBeUndefined();
  });

  it('names the offending field', () => {
    try {
      validateCalendar({
        ...base,
        weeklyPeriods: [...DEFAULT_WEEKLY_PERIODS, { weekday: 3, start: '17:00', end: '18:00' }],
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'CALENDAR_BAD_PERIOD', field: 'weeklyPeriods[10]' });
      expect((err as Error).message).toContain('overlaps weeklyPeriods[5]');
    }
  });
});

describe('missingYears', () => {
  it('lists the years without holiday data', () => {
    expect(missingYears(CN_MAINLAND_CALENDAR, 2025, 2027)).toEqual([2025, 2027]);
    expect(missingYears(CN_MAINLAND_CALENDAR, 2026, 2026)).toEqual([]);
  });

  it('never reports a year for a calendar without holidays', () => {
    expect(missingYears(WEEKENDS_CALENDAR, 1970, 2100)).toEqual([]);
  });
});
