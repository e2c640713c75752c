import { describe, expect, it } from 'vitest';
import {
  complianceLabel,
  complianceSeries,
  openMatrix,
  overdueTotal,
  paretoCumulative,
} from './dashboard-series.ts';

describe('paretoCumulative', () => {
  it('accumulates shares to 100 %', () => {
    expect(paretoCumulative([5, 3, 2])).toEqual([50, 80, 100]);
    expect(paretoCumulative([1, 1, 1])).toEqual([33.3, 66.7, 100]);
  });

  it('is all zero when there is nothing', () => {
    expect(paretoCumulative([])).toEqual([]);
    expect(paretoCumulative([0, 0])).toEqual([0, 0]);
  });
});

describe('openMatrix', () => {
  it('fills the level × status grid, untriaged first, with zeros where nothing is open', () => {
    const m = openMatrix([
      { level: 2, status: 'new', count: 4 },
      { level: null, status: 'new', count: 2 },
      { level: 1, status: 'in_progress', count: 1 },
    ]);
    expect(m.levels).toEqual([null, 1, 2]);
    expect(m.counts).toEqual({ new: [2, 0, 4], in_progress: [0, 1, 0] });
  });
});

describe('compliance', () => {
  const target = (met: number, missed: number, pending: number, rate: number | null) => ({
    met,
    missed,
    pending,
    rate,
  });

  it('labels a bar with the rate and the counts it comes from', () => {
    expect(complianceLabel(target(37, 3, 5, 92.5))).toBe('92.5% (37/40)');
    expect(complianceLabel(target(0, 0, 4, null))).toBe('—');
  });

  it('orders levels untriaged first and keeps "nothing judged yet" apart from 0 %', () => {
    const s = complianceSeries([
      { level: 2, response: target(1, 1, 0, 50), resolution: target(0, 2, 0, 0) },
      { level: null, response: target(0, 0, 1, null), resolution: target(0, 0, 1, null) },
    ]);
    expect(s).toEqual({ levels: [null, 2], response: [null, 50], resolution: [null, 0] });
  });

  it('adds up overdue tickets over the levels', () => {
    expect(
      overdueTotal([
        { level: 1, count: 2 },
        { level: null, count: 1 },
      ]),
    ).toBe(3);
    expect(overdueTotal([])).toBe(0);
  });
});
