import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../services/auth.service.ts';
import type { TicketBusEvent, TicketEventsBus } from '../../services/ticket-events-bus.ts';
import { staffWith } from '../auth-guard.ts';

/** A comment line this often keeps proxies and browsers from dropping a quiet stream. */
export const STREAM_HEARTBEAT_MS = 25_000;
/** How long the browser waits before reconnecting a dropped stream. */
const RECONNECT_MS = 3_000;

/**
 * The same reach as the ticket scope (store/ticket-scope.ts), as far as an event can tell: every ticket
 * for ticket.read_all; else the viewer's department's, and tickets they own or are assigned to — so a
 * ticket handed to someone in another department reaches them the moment it is theirs. (Tickets reached
 * through a department task show up on the next list reload.)
 */
export function mayHear(
  access: { user: { id: number; departmentId: number | null }; permissions: ReadonlySet<string> },
  event: Pick<TicketBusEvent, 'departmentId' | 'ownerId' | 'assigneeId'>,
): boolean {
  if (access.permissions.has('ticket.read_all')) return true;
  if (event.ownerId === access.user.id || event.assigneeId === access.user.id) return true;
  return access.user.departmentId !== null && event.departmentId === access.user.departmentId;
}

/**
 * Server-sent events for the staff console: `ticket.created` and `ticket.updated` as they happen in this
 * process. Plain HTTP, reconnects by itself, passes proxies; the console only listens.
 */
export function streamRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; events: TicketEventsBus },
): void {
  const open = new Set<() => void>();
  // A stream never ends by itself; without this, closing the server would wait on every open console.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get(
    '/api/v1/events/stream',
    {
      preHandler: staffWith(deps.auth, 'ticket.read'),
      schema: {
        tags: ['tickets'],
        summary: 'Live ticket events (text/event-stream): ticket.created, ticket.updated',
      },
    },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx would otherwise buffer the stream and deliver events late.
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
      const access = request.access!;
      const send = (event: TicketBusEvent) => {
        if (!mayHear(access, event)) return;
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      };
      const unsubscribe = deps.events.subscribe(send);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), STREAM_HEARTBEAT_MS);
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        unsubscribe();
        res.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );
}
