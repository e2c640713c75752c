import { useEffect, useRef, useState } from 'react';

/** What the server's /api/v1/events/stream sends (see ticket-events-bus.ts on the server). */
export interface LiveTicketEvent {
  type: 'ticket.created' | 'ticket.updated';
  ticketNo: string;
  status: string;
  level: number | null;
  previousLevel: number | null;
  departmentId: number | null;
  /** Who answers for the ticket (首诉负责制) and who works on it now. */
  ownerId: number | null;
  assigneeId: number | null;
  at: string;
}

/** A level-1 ticket announces itself once: when it arrives as level 1, or when it first becomes level 1. */
export function isLevel1Alert(event: LiveTicketEvent): boolean {
  if (event.level !== 1) return false;
  return event.type === 'ticket.created' || event.previousLevel !== 1;
}

/**
 * Follows which tickets are assigned to the viewer, and says when an event newly makes one theirs
 * (assigned, transferred with them named, routed to them at intake, or claimed). A ticket already known
 * as theirs does not announce itself again on each later change; one taken from them is forgotten, so
 * giving it back announces it again.
 */
export function trackAssignment(
  mine: ReadonlySet<string>,
  event: Pick<LiveTicketEvent, 'ticketNo' | 'assigneeId'>,
  meId: number,
): { mine: Set<string>; assignedToMe: boolean } {
  const next = new Set(mine);
  if (event.assigneeId !== meId) {
    next.delete(event.ticketNo);
    return { mine: next, assignedToMe: false };
  }
  next.add(event.ticketNo);
  return { mine: next, assignedToMe: !mine.has(event.ticketNo) };
}

export const STREAM_URL = '/api/v1/events/stream';

/**
 * Listens to the server's ticket events while the console is open. EventSource reconnects by itself;
 * `connected` says whether it currently is, so the console can say so in words.
 */
/** `enabled` is false for staff who handle no cases (an account administrator): the stream would refuse them. */
export function useLiveTicketEvents(
  onEvent: (event: LiveTicketEvent) => void,
  enabled = true,
): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(STREAM_URL);
    const receive = (message: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(message.data) as LiveTicketEvent);
      } catch {
        // A malformed message is dropped; the next list reload shows the truth anyway.
      }
    };
    source.addEventListener('open', () => setConnected(true));
    source.addEventListener('error', () => setConnected(false));
    source.addEventListener('ticket.created', receive);
    source.addEventListener('ticket.updated', receive);
    return () => source.close();
  }, [enabled]);

  return { connected };
}
