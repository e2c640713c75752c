import { describe, expect, it } from 'vitest';
import { type CalendarOverride, DEFAULT_WEEKLY_PERIODS, type WorkingCalendar } from './calendar.ts';
import { CN_MAINLAND_CALENDAR as CN } from './cn-mainland.ts';
import { WEEKENDS_CALENDAR } from './weekends.ts';
import {
  addCalendarMinutes,
  addWorkingMinutes,
  endOfNthWorkingDay,
  workingMinutesBetween,
  workingPeriodsOn,
} from './working-time.ts';

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

function calendar(
  id: string,
  timeZone: string,
  weeklyPeriods: WorkingCalendar['weeklyPeriods'],
): WorkingCalendar {
  return { id, name: id, timeZone, weeklyPeriods, overrides: [], coveredYears: [2026] };
}
const everyDay = (start: string, end: string) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

describe('workingPeriodsOn', () => {
  it('gives the local periods of a weekday as instants', () => {
    expect(workingPeriodsOn(CN, '2026-03-11')).toEqual([
      { start: at('2026-03-11T00:00:00Z'), end: at('2026-03-11T04:00:00Z') },
      { start: at('2026-03-11T05:30:00Z'), end: at('2026-03-11T09:30:00Z') },
    ]);
  });

  it('gives nothing on a holiday or a weekend', () => {
    expect(workingPeriodsOn(CN, '2026-10-01')).toEqual([]);
    expect(workingPeriodsOn(CN, '2026-03-14')).toEqual([]);
  });

  it('rejects a malformed date', () => {
    expect(() => workingPeriodsOn(CN, '2026-3-1')).toThrow(
      expect.objectContaining({ code: 'CALENDAR_BAD_DATE' }),
    );
  });
});

describe('addWorkingMinutes on cn-mainland', () => {
  it.each([
    ['inside a period', '2026-03-11T10:00:00+08:00', 60, '2026-03-11T11:00:00+08:00'],
    [
      'ending exactly at a period end (not the next start)',
      '2026-03-11T10:00:00+08:00',
      120,
      '2026-03-11T12:00:00+08:00',
    ],
    ['over lunch', '2026-03-11T11:00:00+08:00', 120, '2026-03-11T14:30:00+08:00'],
    ['starting during lunch', '2026-03-11T12:30:00+08:00', 30, '2026-03-11T14:00:00+08:00'],
    ['starting after hours', '2026-03-11T18:00:00+08:00', 60, '2026-03-12T09:00:00+08:00'],
    ['over a weekend', '2026-03-13T17:00:00+08:00', 60, '2026-03-16T08:30:00+08:00'],
    ['starting on a holiday', '2026-10-01T10:00:00+08:00', 60, '2026-10-08T09:00:00+08:00'],
    ['on a make-up Saturday', '2026-02-14T10:00:00+08:00', 120, '2026-02-14T12:00:00+08:00'],
    ['into a make-up Sunday', '2026-09-18T17:00:00+08:00', 60, '2026-09-20T08:30:00+08:00'],
    ['zero minutes in lunch: the clock start', '2026-03-11T12:30:00+08:00', 0, '2026-03-11T13:30:00+08:00'],
    ['seconds are kept', '2026-03-11T10:00:30+08:00', 1, '2026-03-11T10:01:30+08:00'],
  ])('%s', (_why, from, minutes, expected) => {
    expect(iso(addWorkingMinutes(CN, at(from), minutes))).toBe(iso(at(expected)));
  });

  it('rejects negative amounts', () => {
    expect(() => addWorkingMinutes(CN, at('2026-03-11T10:00:00+08:00'), -1)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_BAD_AMOUNT' }),
    );
  });
});

describe('workingMinutesBetween on cn-mainland', () => {
  it('counts only working periods', () => {
    // Wed 10:00–12:00 (120) + 13:30–17:30 (240) + Thu 08:00–10:00 (120)
    expect(workingMinutesBetween(CN, at('2026-03-11T10:00:00+08:00'), at('2026-03-12T10:00:00+08:00'))).toBe(
      480,
    );
    // 30 Sep is one full day; 1–7 Oct are off.
    expect(workingMinutesBetween(CN, at('2026-09-30T08:00:00+08:00'), at('2026-10-08T08:00:00+08:00'))).toBe(
      480,
    );
  });

  it('is negative when the interval runs backwards', () => {
    expect(workingMinutesBetween(CN, at('2026-03-11T12:00:00+08:00'), at('2026-03-11T10:00:00+08:00'))).toBe(
      -120,
    );
  });
});

describe('endOfNthWorkingDay on cn-mainland', () => {
  it.each([
    ['ordinary weekday', '2026-03-11T10:00:00+08:00', 1, '2026-03-12T17:30:00+08:00'],
    [
      'received on a Sunday: Monday is the first',
      '2026-03-15T10:00:00+08:00',
      1,
      '2026-03-16T17:30:00+08:00',
    ],
    ['a make-up Sunday counts', '2026-09-18T14:00:00+08:00', 1, '2026-09-20T17:30:00+08:00'],
    ['received on a make-up day, across 春节', '2026-02-14T10:00:00+08:00', 1, '2026-02-24T17:30:00+08:00'],
    ['received on a holiday', '2026-10-03T10:00:00+08:00', 5, '2026-10-13T17:30:00+08:00'],
    // 00:30 Thursday in Shanghai is still Wednesday in UTC: the receipt day is the local one.
    ['the receipt day is the local date', '2026-03-12T00:30:00+08:00', 1, '2026-03-13T17:30:00+08:00'],
    ['received late at night', '2026-03-11T23:59:59+08:00', 1, '2026-03-12T17:30:00+08:00'],
  ])('%s', (_why, from, n, expected) => {
    expect(iso(endOfNthWorkingDay(CN, at(from), n))).toBe(iso(at(expected)));
  });

  it('rejects n < 1 and fractions', () => {
    expect(() => endOfNthWorkingDay(CN, at('2026-03-11T10:00:00+08:00'), 0)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_BAD_AMOUNT' }),
    );
    expect(() => endOfNthWorkingDay(CN, at('2026-03-11T10:00:00+08:00'), 1.5)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_BAD_AMOUNT' }),
    );
  });
});

describe('DST days in Europe/London (2026-03-29 spring forward, 2026-10-25 fall back)', () => {
  const nightShift = calendar('night-shift', 'Europe/London', [
    ...everyDay('00:00', '06:00'),
    ...everyDay('22:00', '24:00'),
  ]);

  it('a 00:00–06:00 shift has 5 real hours when clocks go forward', () => {
    expect(workingPeriodsOn(nightShift, '2026-03-29')).toEqual([
      { start: at('2026-03-29T00:00:00Z'), end: at('2026-03-29T05:00:00Z') }, // 06:00 BST
      { start: at('2026-03-29T21:00:00Z'), end: at('2026-03-29T23:00:00Z') },
    ]);
    // Sat 22:00–24:00 GMT (120) then Sun 00:00–06:00 local (300): done at 06:00 BST.
    expect(iso(addWorkingMinutes(nightShift, at('2026-03-28T22:00:00Z'), 420))).toBe(
      '2026-03-29T05:00:00.000Z',
    );
    // The whole local Sunday: 00:00 GMT to 24:00 BST (= 23:00Z, where Monday's shift begins).
    expect(workingMinutesBetween(nightShift, at('2026-03-29T00:00:00Z'), at('2026-03-29T23:00:00Z'))).toBe(
      420,
    );
  });

  it('a 00:00–06:00 shift has 7 real hours when clocks go back', () => {
    expect(workingPeriodsOn(nightShift, '2026-10-25')[0]).toEqual({
      start: at('2026-10-24T23:00:00Z'), // 00:00 BST
      end: at('2026-10-25T06:00:00Z'), // 06:00 GMT
    });
    expect(workingMinutesBetween(nightShift, at('2026-10-24T23:00:00Z'), at('2026-10-25T06:00:00Z'))).toBe(
      420,
    );
  });

  it('working days on the weekends calendar move with the local clock', () => {
    const london = { ...WEEKENDS_CALENDAR, timeZone: 'Europe/London' };
    // Friday in BST → Monday 17:30 in GMT.
    expect(iso(endOfNthWorkingDay(london, at('2026-10-23T12:00:00+01:00'), 1))).toBe(
      '2026-10-26T17:30:00.000Z',
    );
    expect(iso(addWorkingMinutes(london, at('2026-03-27T17:00:00Z'), 60))).toBe('2026-03-30T07:30:00.000Z'); // 08:30 BST
  });

  it('calendar minutes are real minutes, whatever the clocks do', () => {
    expect(iso(addCalendarMinutes(at('2026-03-29T00:30:00Z'), 60))).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('DST days in America/New_York (2026-03-08 spring forward, 2026-11-01 fall back)', () => {
  const roundTheClock = calendar('ny-24x7', 'America/New_York', everyDay('00:00', '24:00'));

  it('a whole local day lasts 23 h and 25 h', () => {
    expect(workingPeriodsOn(roundTheClock, '2026-03-08')).toEqual([
      { start: at('2026-03-08T05:00:00Z'), end: at('2026-03-09T04:00:00Z') },
    ]);
    expect(workingMinutesBetween(roundTheClock, at('2026-03-08T05:00:00Z'), at('2026-03-09T04:00:00Z'))).toBe(
      23 * 60,
    );
    expect(workingMinutesBetween(roundTheClock, at('2026-11-01T04:00:00Z'), at('2026-11-02T05:00:00Z'))).toBe(
      25 * 60,
    );
  });

  it('a period inside the skipped hour has no time; one straddling it is shorter', () => {
    const skipped = calendar('ny-2am', 'America/New_York', [{ weekday: 7, start: '02:00', end: '03:00' }]);
    expect(workingPeriodsOn(skipped, '2026-03-08')).toEqual([]);
    expect(workingPeriodsOn(skipped, '2026-03-15')).toEqual([
      { start: at('2026-03-15T06:00:00Z'), end: at('2026-03-15T07:00:00Z') },
    ]);
    const straddling = calendar('ny-130', 'America/New_York', [{ weekday: 7, start: '01:30', end: '02:30' }]);
    // 01:30 EST = 06:30Z; 02:30 does not exist and reads as 03:30 EDT = 07:30Z.
    expect(workingPeriodsOn(straddling, '2026-03-08')).toEqual([
      { start: at('2026-03-08T06:30:00Z'), end: at('2026-03-08T07:30:00Z') },
    ]);
  });

  it('a repeated hour is taken at its first occurrence', () => {
    const repeated = calendar('ny-1am', 'America/New_York', [{ weekday: 7, start: '01:00', end: '01:30' }]);
    expect(workingPeriodsOn(repeated, '2026-11-01')).toEqual([
      { start: at('2026-11-01T05:00:00Z'), end: at('2026-11-01T05:30:00Z') },
    ]);
  });

  it('working minutes on the weekends calendar jump the DST weekend', () => {
    const newYork = { ...WEEKENDS_CALENDAR, timeZone: 'America/New_York' };
    // Fri 17:00 EST: 30 min to 17:30, then Mon 08:00 EDT + 90 = 09:30 EDT.
    expect(iso(addWorkingMinutes(newYork, at('2026-03-06T17:00:00-05:00'), 120))).toBe(
      '2026-03-09T13:30:00.000Z',
    );
  });
});

describe('a calendar without working time', () => {
  it('fails with CALENDAR_NO_WORKING_TIME instead of looping', () => {
    const mondays: CalendarOverride[] = [];
    for (
      let d = new Date('2026-01-05T00:00:00Z');
      d.getUTCFullYear() <= 2027;
      d.setUTCDate(d.getUTCDate() + 7)
    ) {
      mondays.push({ date: d.toISOString().slice(0, 10), kind: 'off', name: 'closed' });
    }
    const closed: WorkingCalendar = {
      ...calendar(
        'mondays-only',
        'Asia/Shanghai',
        DEFAULT_WEEKLY_PERIODS.filter((p) => p.weekday === 1),
      ),
      overrides: mondays,
      coveredYears: [2026, 2027],
    };
    expect(() => addWorkingMinutes(closed, at('2026-01-01T00:00:00Z'), 1)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NO_WORKING_TIME' }),
    );
    expect(() => endOfNthWorkingDay(closed, at('2026-01-01T00:00:00Z'), 1)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_NO_WORKING_TIME' }),
    );
  });
});
