import { describe, expect, it } from 'vitest';
import { isLevel1Alert, type LiveTicketEvent, trackAssignment } from './live-events.ts';

const base: LiveTicketEvent = {
  type: 'ticket.created',
  ticketNo: '2026-000001',
  status: 'new',
  level: null,
  previousLevel: null,
  departmentId: null,
  ownerId: null,
  assigneeId: null,
  at: '2026-05-01T00:00:00Z',
};

describe('isLevel1Alert', () => {
  it('alerts for a ticket that arrives as level 1', () => {
    expect(isLevel1Alert({ ...base, level: 1 })).toBe(true);
    expect(isLevel1Alert({ ...base, level: 2 })).toBe(false);
    expect(isLevel1Alert(base)).toBe(false);
  });

  it('alerts when a ticket becomes level 1, but not on every later change to it', () => {
    expect(isLevel1Alert({ ...base, type: 'ticket.updated', level: 1, previousLevel: null })).toBe(true);
    expect(isLevel1Alert({ ...base, type: 'ticket.updated', level: 1, previousLevel: 2 })).toBe(true);
    expect(isLevel1Alert({ ...base, type: 'ticket.updated', level: 1, previousLevel: 1 })).toBe(false);
  });
});

describe('trackAssignment', () => {
  const ME = 7;
  const no = base.ticketNo;

  it('announces a ticket the moment it becomes mine, once', () => {
    const first = trackAssignment(new Set(), { ticketNo: no, assigneeId: ME }, ME);
    expect(first.assignedToMe).toBe(true);
    expect([...first.mine]).toEqual([no]);
    // A later change to my ticket (a reply, a task) is not a new assignment.
    const again = trackAssignment(first.mine, { ticketNo: no, assigneeId: ME }, ME);
    expect(again.assignedToMe).toBe(false);
  });

  it('stays quiet about tickets of others, and forgets a ticket handed on', () => {
    expect(trackAssignment(new Set(), { ticketNo: no, assigneeId: 3 }, ME).assignedToMe).toBe(false);
    expect(trackAssignment(new Set(), { ticketNo: no, assigneeId: null }, ME).assignedToMe).toBe(false);
    const handedOn = trackAssignment(new Set([no]), { ticketNo: no, assigneeId: 3 }, ME);
    expect(handedOn.mine.size).toBe(0);
    // Given back: announced again.
    expect(trackAssignment(handedOn.mine, { ticketNo: no, assigneeId: ME }, ME).assignedToMe).toBe(true);
  });

  it('leaves the set it was given unchanged', () => {
    const mine = new Set(['2026-000009']);
    trackAssignment(mine, { ticketNo: no, assigneeId: ME }, ME);
    expect([...mine]).toEqual(['2026-000009']);
  });
});
