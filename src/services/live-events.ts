import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database, Db } from '../store/database.ts';
import {
  listenForNotifications,
  type NotificationListener,
  notifyInTransaction,
  notifyLater,
} from '../store/live-events.repository.ts';
import type { WriteBatch } from '../store/write-batch.ts';
import type { TicketBusEvent, TicketEventsBus } from './ticket-events-bus.ts';

/**
 * The bridge that makes the in-process ticket bus (ticket-events-bus.ts) cluster-wide. Every ticket
 * change publishes its bus event with pg_notify inside the change's own transaction; every server
 * LISTENs on one dedicated connection and re-emits what other servers published on its local bus, which
 * feeds its SSE clients. Its own events it skips: the ticket service already emitted them locally after
 * the commit. A staff member watching server A therefore sees a ticket created through server B.
 *
 * On the embedded database there is one server by construction (its folder is locked), so publishing
 * does nothing and the in-process bus is the whole story. Delivery stays best effort, like the bus:
 * while the listening connection is down, events are missed; consoles reload their lists on reconnect.
 */
export interface LiveEvents {
  /** Inside the transaction of a ticket change: other servers hear of it when (and only if) it commits. */
  publish(tx: Db, event: TicketBusEvent): Promise<void>;
  /** The same, sent with the transaction's other final writes (write-batch.ts). */
  publishLater(batch: WriteBatch, event: TicketBusEvent): void;
  /** Starts listening (PostgreSQL with a URL only); resolves once the first LISTEN attempt is done. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** This server's id in published payloads. */
  readonly serverId: string;
}

interface Envelope {
  origin: string;
  event: TicketBusEvent;
}

export interface LiveEventsDeps {
  database: Database;
  /** Needed to open the dedicated LISTEN connection; without it this server publishes but does not listen. */
  databaseUrl: string | undefined;
  bus: TicketEventsBus;
  logger: Logger;
}

function isBusEvent(value: unknown): value is TicketBusEvent {
  const e = value as Partial<TicketBusEvent> | null;
  return (
    !!e &&
    (e.type === 'ticket.created' || e.type === 'ticket.updated') &&
    typeof e.ticketNo === 'string' &&
    typeof e.status === 'string'
  );
}

export function createLiveEvents(deps: LiveEventsDeps): LiveEvents {
  const serverId = randomBytes(8).toString('hex');
  const clustered = deps.database.backend === 'postgres';
  let listener: NotificationListener | undefined;

  const onPayload = (payload: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      deps.logger.warn('ignored a malformed live event notification');
      return;
    }
    if (envelope.origin === serverId || !isBusEvent(envelope.event)) return;
    deps.bus.emit(envelope.event);
  };

  return {
    serverId,
    async publish(tx, event) {
      if (!clustered) return;
      await notifyInTransaction(tx, JSON.stringify({ origin: serverId, event } satisfies Envelope));
    },
    publishLater(batch, event) {
      if (!clustered) return;
      notifyLater(batch, JSON.stringify({ origin: serverId, event } satisfies Envelope));
    },
    async start() {
      if (!clustered || !deps.databaseUrl || listener) return;
      let wasLost = false;
      listener = await listenForNotifications({
        url: deps.databaseUrl,
        onPayload,
        onState: (state, err) => {
          if (state === 'lost') {
            wasLost = true;
            deps.logger.warn({ err }, 'live events: lost the LISTEN connection; reconnecting');
          } else if (wasLost) {
            wasLost = false;
            deps.logger.info('live events: listening again');
          }
        },
      });
    },
    async stop() {
      await listener?.close();
      listener = undefined;
    },
  };
}
