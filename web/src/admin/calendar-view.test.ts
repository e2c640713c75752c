import { describe, expect, it } from 'vitest';
import { overridesOfYear, readHolidayFile, yearChoices } from './calendar-view.ts';

describe('calendar page helpers', () => {
  it('offers the covered years, the missing ones and this year, once each and in order', () => {
    expect(yearChoices({ coveredYears: [2026, 2025], missingYears: [2027] }, 2026)).toEqual([
      2025, 2026, 2027,
    ]);
    expect(yearChoices({ coveredYears: [], missingYears: [] }, 2026)).toEqual([2026]);
  });

  it('lists the overrides of one year by date', () => {
    const all = [
      { date: '2026-10-02', kind: 'off' as const, name: '国庆节' },
      { date: '2027-01-01', kind: 'off' as const, name: '元旦' },
      { date: '2026-02-14', kind: 'working' as const, name: '春节调休' },
    ];
    expect(overridesOfYear(all, 2026).map((o) => o.date)).toEqual(['2026-02-14', '2026-10-02']);
    expect(overridesOfYear(all, 2028)).toEqual([]);
  });

  it('reads a holiday-cn year file (with or without a byte-order mark) and refuses other files', () => {
    const file = '\uFEFF{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}';
    expect(readHolidayFile(file)).toMatchObject({ ok: true, year: 2027 });
    expect(readHolidayFile('not json')).toEqual({ ok: false });
    expect(readHolidayFile('[1,2]')).toEqual({ ok: false });
    expect(readHolidayFile('{"days":[]}')).toEqual({ ok: false });
  });
});
