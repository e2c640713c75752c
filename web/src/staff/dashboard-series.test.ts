import { describe, expect, it } from 'vitest';
import { openMatrix, paretoCumulative } from './dashboard-series.ts';

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
