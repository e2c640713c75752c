import { describe, expect, it } from 'vitest';
import { createTicketEventsBus, type TicketBusEvent } from './ticket-events-bus.ts';

const event: TicketBusEvent = {
  type: 'ticket.created',
  ticketNo: '2026-000001',
  status: 'new',
  level: 1,
  previousLevel: null,
  departmentId: null,
  ownerId: null,
  assigneeId: null,
  at: '2026-05-01T00:00:00.000Z',
};

describe('ticket events bus', () => {
  it('delivers to every subscriber until it unsubscribes', () => {
    const bus = createTicketEventsBus();
    const a: string[] = [];
    const b: string[] = [];
    const stopA = bus.subscribe((e) => a.push(e.ticketNo));
    bus.subscribe((e) => b.push(e.ticketNo));
    bus.emit(event);
    stopA();
    bus.emit({ ...event, ticketNo: '2026-000002' });
    expect(a).toEqual(['2026-000001']);
    expect(b).toEqual(['2026-000001', '2026-000002']);
  });

  it('keeps delivering when one listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const bus = createTicketEventsBus((err) => errors.push(err));
    const got: string[] = [];
    bus.subscribe(() => {
      throw new Error('socket closed');
    });
    bus.subscribe((e) => got.push(e.ticketNo));
    bus.emit(event);
    expect(got).toEqual(['2026-000001']);
    expect(errors).toHaveLength(1);
  });
});
