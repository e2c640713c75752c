import { describe, expect, it } from 'vitest';
import { CN_MAINLAND_CALENDAR } from './cn-mainland.ts';
import { resolveSeedCalendar } from './seed-calendars.ts';
import { isWorkingDay, workingPeriodsOn } from './working-time.ts';

describe('cn-mainland 2026 (sla.md)', () => {
  const offDays = CN_MAINLAND_CALENDAR.overrides
    .filter((o) => o.kind === 'off')
    .map((o) => `${o.date} ${o.name}`);
  const makeUpDays = CN_MAINLAND_CALENDAR.overrides.filter((o) => o.kind === 'working').map((o) => o.date);

  it('has every statutory day off, named', () => {
    const ranges: [string, string, number][] = [
      ['元旦', '2026-01-01', 3],
      ['春节', '2026-02-15', 9],
      ['清明节', '2026-04-04', 3],
      ['劳动节', '2026-05-01', 5],
      ['端午节', '2026-06-19', 3],
      ['中秋节', '2026-09-25', 3],
      ['国庆节', '2026-10-01', 7],
    ];
    const expected = ranges.flatMap(([name, first, days]) =>
      Array.from({ length: days }, (_, i) => {
        const date = new Date(`${first}T00:00:00Z`);
        date.setUTCDate(date.getUTCDate() + i);
        return `${date.toISOString().slice(0, 10)} ${name}`;
      }),
    );
    expect(offDays).toEqual(expected);
  });

  it('has the make-up working days', () => {
    expect(makeUpDays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it.each([
    ['2026-03-11', true, 'an ordinary Wednesday'],
    ['2026-03-14', false, 'an ordinary Saturday'],
    ['2026-02-14', true, 'make-up Saturday'],
    ['2026-09-20', true, 'make-up Sunday'],
    ['2026-02-16', false, 'Monday in 春节'],
    ['2026-09-25', false, 'Friday, 中秋节'],
    ['2026-10-08', true, 'the Thursday after 国庆节'],
    ['2026-04-03', true, 'Friday before 清明节'],
    ['2026-06-22', true, 'Monday after 端午节'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(CN_MAINLAND_CALENDAR, date)).toBe(working);
  });

  it('gives make-up days the normal weekday periods', () => {
    expect(workingPeriodsOn(CN_MAINLAND_CALENDAR, '2026-02-14')).toEqual([
      { start: new Date('2026-02-14T08:00:00+08:00'), end: new Date('2026-02-14T12:00:00+08:00') },
      { start: new Date('2026-02-14T13:30:00+08:00'), end: new Date('2026-02-14T17:30:00+08:00') },
    ]);
  });

  it('is frozen, so shared caches cannot go stale', () => {
    expect(Object.isFrozen(CN_MAINLAND_CALENDAR)).toBe(true);
    expect(Object.isFrozen(CN_MAINLAND_CALENDAR.overrides[0])).toBe(true);
  });

  it('resolves the seeds by id and rejects unknown ids', async () => {
    await expect(resolveSeedCalendar('cn-mainland')).resolves.toBe(CN_MAINLAND_CALENDAR);
    expect((await resolveSeedCalendar('weekends')).overrides).toEqual([]);
    await expect(resolveSeedCalendar('hk')).rejects.toMatchObject({ code: 'CALENDAR_NOT_FOUND' });
  });
});
