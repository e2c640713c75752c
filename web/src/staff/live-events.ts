import { useEffect, useRef, useState } from 'react';

/** What the server's /api/v1/events/stream sends (see ticket-events-bus.ts on the server). */
export interface LiveTicketEvent {
  type: 'ticket.created' | 'ticket.updated';
  ticketNo: string;
  status: string;
  level: number | null;
  previousLevel: number | null;
  departmentId: number | null;
  at: string;
}

/** A level-1 ticket announces itself once: when it arrives as level 1, or when it first becomes level 1. */
export function isLevel1Alert(event: LiveTicketEvent): boolean {
  if (event.level !== 1) return false;
  return event.type === 'ticket.created' || event.previousLevel !== 1;
}

export const STREAM_URL = '/api/v1/events/stream';

/**
 * Listens to the server's ticket events while the console is open. EventSource reconnects by itself;
 * `connected` says whether it currently is, so the console can say so in words.
 */
export function useLiveTicketEvents(onEvent: (event: LiveTicketEvent) => void): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
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
  }, []);

  return { connected };
}
