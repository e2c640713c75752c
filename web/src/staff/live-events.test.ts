import { describe, expect, it } from 'vitest';
import { isLevel1Alert, type LiveTicketEvent } from './live-events.ts';

const base: LiveTicketEvent = {
  type: 'ticket.created',
  ticketNo: '2026-000001',
  status: 'new',
  level: null,
  previousLevel: null,
  departmentId: null,
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
