/**
 * In-process notifications that a ticket was created or changed, for live screens (the staff console's
 * server-sent events). Delivery is best effort and local to this server process: a console that
 * reconnects reloads its list, so a missed message costs nothing. Fan-out across several servers
 * (PostgreSQL LISTEN/NOTIFY) plugs in behind the same emit/subscribe.
 */
export interface TicketBusEvent {
  type: 'ticket.created' | 'ticket.updated';
  ticketNo: string;
  status: string;
  level: number | null;
  /** The level before this change (null for a new ticket or one not triaged before). */
  previousLevel: number | null;
  departmentId: number | null;
  /** Who answers for the ticket (首诉负责制) and who works on it now; screens show "mine" from these. */
  ownerId: number | null;
  assigneeId: number | null;
  at: string;
}

/** The bus event for a ticket as it stands after a change: the same shape locally and from other servers. */
export function busEventOf(
  type: TicketBusEvent['type'],
  t: {
    ticketNo: string;
    status: string;
    level: number | null;
    departmentId: number | null;
    ownerId: number | null;
    assigneeId: number | null;
  },
  previousLevel: number | null,
  at: Date,
): TicketBusEvent {
  return {
    type,
    ticketNo: t.ticketNo,
    status: t.status,
    level: t.level,
    previousLevel,
    departmentId: t.departmentId,
    ownerId: t.ownerId,
    assigneeId: t.assigneeId,
    at: at.toISOString(),
  };
}

export type TicketBusListener = (event: TicketBusEvent) => void;

export interface TicketEventsBus {
  emit(event: TicketBusEvent): void;
  /** Returns the function that ends the subscription. */
  subscribe(listener: TicketBusListener): () => void;
}

export function createTicketEventsBus(onListenerError: (err: unknown) => void = () => {}): TicketEventsBus {
  const listeners = new Set<TicketBusListener>();
  return {
    emit(event) {
      for (const listener of listeners) {
        // One broken listener (a closed socket) must not keep the news from the others.
        try {
          listener(event);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
