import { describe, expect, it } from 'vitest';
import {
  addDays,
  assembleWindowFigures,
  dayRuns,
  type FigureRow,
  liveDays,
  rate,
  windowDays,
} from './dashboard-figures.ts';

const zero = {
  received: 0,
  closed: 0,
  responseMet: 0,
  responseMissed: 0,
  responsePending: 0,
  resolutionMet: 0,
  resolutionMissed: 0,
  resolutionPending: 0,
};
const row = (by: FigureRow['by'], key: FigureRow['key'], counts: Partial<typeof zero>): FigureRow => ({
  by,
  key,
  ...zero,
  ...counts,
});

describe('days', () => {
  it('adds days across month and year ends, and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('gives the window oldest first, ending today', () => {
    expect(windowDays('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('merges consecutive days into runs', () => {
    expect(dayRuns(['2026-03-05', '2026-03-01', '2026-03-02', '2026-03-02', '2026-03-04'])).toEqual([
      { first: '2026-03-01', last: '2026-03-02' },
      { first: '2026-03-04', last: '2026-03-05' },
    ]);
    expect(dayRuns([])).toEqual([]);
  });
});

describe('liveDays', () => {
  const window = windowDays('2026-03-10', 5);

  it('is today plus the touched days inside the window', () => {
    expect(liveDays(window, ['2026-03-07', '2026-01-01', '2026-03-10'], true)).toEqual([
      '2026-03-07',
      '2026-03-10',
    ]);
  });

  it('is the whole window without a usable rollup', () => {
    expect(liveDays(window, [], false)).toEqual(window);
  });
});

describe('rate', () => {
  it('is the share met of those judged, one decimal; null when none was judged', () => {
    expect(rate(2, 1)).toBe(66.7);
    expect(rate(0, 3)).toBe(0);
    expect(rate(0, 0)).toBeNull();
  });
});

describe('assembleWindowFigures', () => {
  const window = windowDays('2026-03-03', 3);

  it('fills every day, sorts categories, and gives compliance per level with pending apart', () => {
    const figures = assembleWindowFigures(window, [
      row('day', '2026-03-02', { received: 4, closed: 1 }),
      row('category', 'billing', { received: 1 }),
      row('category', 'waiting', { received: 3 }),
      row('category', null, { received: 2 }),
      // Closed in the window, received before it: no share in the received-based figures.
      row('category', 'privacy', { closed: 1 }),
      row('level', 2, { received: 3, responseMet: 2, responseMissed: 1, resolutionPending: 3 }),
      row('level', null, { received: 1, responsePending: 1, resolutionPending: 1 }),
      row('level', 1, { closed: 1 }),
    ]);
    expect(figures.perDay).toEqual([
      { day: '2026-03-01', received: 0, closed: 0 },
      { day: '2026-03-02', received: 4, closed: 1 },
      { day: '2026-03-03', received: 0, closed: 0 },
    ]);
    expect(figures.topCategories).toEqual([
      { category: 'waiting', count: 3 },
      { category: 'billing', count: 1 },
    ]);
    expect(figures.compliance).toEqual([
      {
        level: null,
        response: { met: 0, missed: 0, pending: 1, rate: null },
        resolution: { met: 0, missed: 0, pending: 1, rate: null },
      },
      {
        level: 2,
        response: { met: 2, missed: 1, pending: 0, rate: 66.7 },
        resolution: { met: 0, missed: 0, pending: 3, rate: null },
      },
    ]);
  });
});
