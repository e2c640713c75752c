import { describe, expect, it } from 'vitest';
import { listQuery, moveSelection, QUEUE_VIEWS } from './queue-views.ts';

const OPEN = 'new,acknowledged,in_progress,pending_patient,resolution_proposed';

describe('listQuery', () => {
  it('maps each saved view to the list filters', () => {
    expect(listQuery({ view: 'open' })).toEqual({ status: OPEN });
    expect(listQuery({ view: 'myOverdue' })).toEqual({ mine: 'true', overdue: 'true' });
    expect(listQuery({ view: 'level1' })).toEqual({ status: OPEN, level: '1' });
    expect(listQuery({ view: 'triage' })).toEqual({ status: OPEN, awaitingTriage: 'true' });
    expect(listQuery({ view: 'confirm' })).toEqual({ status: 'resolution_proposed' });
    expect(listQuery({ view: 'mine' })).toEqual({ status: OPEN, mine: 'true' });
    expect(listQuery({ view: 'overdue' })).toEqual({ overdue: 'true' });
    expect(listQuery({ view: 'all' })).toEqual({});
  });

  it('only uses parameters the list endpoint knows', () => {
    const known = new Set([
      'status',
      'level',
      'category',
      'departmentId',
      'ownerId',
      'awaitingTriage',
      'overdue',
      'mine',
      'q',
    ]);
    for (const view of QUEUE_VIEWS) {
      for (const key of Object.keys(listQuery({ view })))
        expect(known.has(key), `${view}: ${key}`).toBe(true);
    }
  });

  it('lets a hand-picked status, level and search narrow the view', () => {
    expect(listQuery({ view: 'open', status: 'new', level: '2', q: '  2026-000001 ' })).toEqual({
      status: 'new',
      level: '2',
      q: '2026-000001',
    });
    expect(listQuery({ view: 'myOverdue', level: '1' })).toEqual({
      mine: 'true',
      overdue: 'true',
      level: '1',
    });
  });
});

describe('moveSelection', () => {
  it('moves down with j and up with k, stopping at the ends', () => {
    expect(moveSelection(-1, 'j', 3)).toBe(0);
    expect(moveSelection(0, 'j', 3)).toBe(1);
    expect(moveSelection(2, 'j', 3)).toBe(2);
    expect(moveSelection(1, 'k', 3)).toBe(0);
    expect(moveSelection(0, 'k', 3)).toBe(0);
    expect(moveSelection(0, 'j', 0)).toBe(-1);
  });
});
