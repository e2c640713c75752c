import { describe, expect, it } from 'vitest';
import { listQuery, moveSelection } from './queue-views.ts';

const me = { id: 7 };

describe('listQuery', () => {
  it('maps each saved view to the list filters', () => {
    expect(listQuery({ view: 'level1' }, me)).toEqual({
      status: 'new,acknowledged,in_progress,pending_patient,resolution_proposed',
      level: '1',
    });
    expect(listQuery({ view: 'triage' }, me)).toEqual({ awaitingTriage: 'true' });
    expect(listQuery({ view: 'confirm' }, me)).toEqual({ status: 'resolution_proposed' });
    expect(listQuery({ view: 'mine' }, me).ownerId).toBe('7');
    expect(listQuery({ view: 'all' }, me)).toEqual({});
  });

  it('lets a hand-picked status, level and search narrow the view', () => {
    expect(listQuery({ view: 'open', status: 'new', level: '2', q: '  2026-000001 ' }, me)).toEqual({
      status: 'new',
      level: '2',
      q: '2026-000001',
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
