import { describe, expect, it } from 'vitest';
import {
  deadlineViews,
  isOverdue,
  nextPauses,
  type SlaProgress,
  type SlaSnapshot,
  settledTargets,
} from './ticket-sla.ts';

const OPEN: SlaProgress = { status: 'in_progress', firstResponseAt: null, closedAt: null, closure: null };
const at = (iso: string) => new Date(iso);

describe('nextPauses', () => {
  it('opens a pause when the ticket starts waiting on the patient and closes it when it stops', () => {
    const opened = nextPauses([], 'in_progress', 'pending_patient', at('2026-03-11T03:00:00Z'));
    expect(opened).toEqual([{ start: '2026-03-11T03:00:00.000Z', end: null }]);
    expect(nextPauses(opened, 'pending_patient', 'pending_patient', at('2026-03-11T04:00:00Z'))).toEqual(
      opened,
    );
    expect(nextPauses(opened, 'pending_patient', 'in_progress', at('2026-03-11T06:00:00Z'))).toEqual([
      { start: '2026-03-11T03:00:00.000Z', end: '2026-03-11T06:00:00.000Z' },
    ]);
  });

  it('treats waiting for the confirmation of a proposed solution as a pause', () => {
    expect(nextPauses([], 'in_progress', 'resolution_proposed', at('2026-03-11T03:00:00Z'))).toHaveLength(1);
  });
});

describe('settledTargets', () => {
  it('settles first response on the first reply and resolution on confirmation, lapse or on the spot', () => {
    expect(settledTargets(OPEN)).toEqual([]);
    expect(settledTargets({ ...OPEN, firstResponseAt: at('2026-03-11T03:00:00Z') })).toEqual([
      'first_response',
    ]);
    for (const closure of ['confirmed', 'lapsed', 'on_spot'] as const) {
      expect(
        settledTargets({ ...OPEN, status: 'closed', closedAt: at('2026-03-12T00:00:00Z'), closure }),
      ).toContain('resolution');
    }
  });

  it('settles both targets, unmet, for withdrawn and duplicate tickets', () => {
    expect(settledTargets({ ...OPEN, status: 'withdrawn', closure: 'withdrawn' })).toEqual([
      'first_response',
      'resolution',
    ]);
  });
});

describe('deadlineViews', () => {
  const snapshot: SlaSnapshot = {
    level: 2,
    provisional: false,
    uncoveredYears: [],
    firstResponse: {
      amount: 120,
      unit: 'working_minutes',
      dueAt: '2026-03-11T04:00:00.000Z',
      warnAt: '2026-03-11T03:36:00.000Z',
      escalateAt: '2026-03-11T07:30:00.000Z',
      explanation: '2 working hours from 10:00 Wed 11 Mar',
    },
    resolution: {
      amount: 1,
      unit: 'working_days',
      dueAt: '2026-03-12T09:30:00.000Z',
      warnAt: '2026-03-12T06:42:00.000Z',
      escalateAt: '2026-03-13T09:30:00.000Z',
      explanation: '1 working day after receipt: end of Thu 12 Mar',
    },
  };
  const breachedAt = { first_response: null, resolution: null };

  it('counts remaining minutes down to the deadline and below zero once overdue', () => {
    const [fr] = deadlineViews(
      { snapshot, progress: OPEN, pauses: [], breachedAt },
      at('2026-03-11T03:00:00Z'),
    );
    expect(fr).toMatchObject({ remainingMinutes: 60, overdue: false, met: false });
    const [late] = deadlineViews(
      { snapshot, progress: OPEN, pauses: [], breachedAt },
      at('2026-03-11T04:30:00Z'),
    );
    expect(late).toMatchObject({ remainingMinutes: -30, overdue: true });
  });

  it('reports a late first response as met and late, no longer overdue', () => {
    const progress = { ...OPEN, firstResponseAt: at('2026-03-11T05:00:00Z') };
    const [fr] = deadlineViews({ snapshot, progress, pauses: [], breachedAt }, at('2026-03-11T06:00:00Z'));
    expect(fr).toMatchObject({ met: true, late: true, overdue: false, remainingMinutes: null });
    expect(
      isOverdue(
        progress,
        { firstResponse: at(snapshot.firstResponse.dueAt!), resolution: null },
        at('2026-03-11T06:00:00Z'),
      ),
    ).toBe(false);
  });
});
