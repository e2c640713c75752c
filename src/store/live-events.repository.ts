import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './database.ts';
import type { WriteBatch } from './write-batch.ts';

/**
 * PostgreSQL LISTEN/NOTIFY for live screens across several servers on one database. NOTIFY sent inside
 * a transaction is delivered when it commits and dropped when it rolls back, so a server never hears
 * of a ticket that does not exist.
 */
export const LIVE_EVENTS_CHANNEL = 'careloop_ticket_events';

/** PostgreSQL refuses payloads of 8000 bytes or more; ours are a few hundred. */
export const NOTIFY_PAYLOAD_MAX_BYTES = 7_999;

function notifyCall(payload: string): SQL {
  if (Buffer.byteLength(payload) > NOTIFY_PAYLOAD_MAX_BYTES) throw new Error('live event payload too large');
  return sql`pg_notify(${LIVE_EVENTS_CHANNEL}, ${payload})`;
}

export async function notifyInTransaction(tx: Db, payload: string): Promise<void> {
  await tx.execute(sql`SELECT ${notifyCall(payload)}`);
}

/** The same NOTIFY, sent with the transaction's other final writes (write-batch.ts). */
export function notifyLater(batch: WriteBatch, payload: string): void {
  batch.call(notifyCall(payload));
}

export interface NotificationListener {
  close(): Promise<void>;
}

export interface ListenOptions {
  url: string;
  onPayload(payload: string): void;
  /** Told when the connection is lost (the server restarts) and when listening again. */
  onState?(state: 'listening' | 'lost', err?: unknown): void;
  /** Longest pause between reconnection attempts. */
  maxRetryMs?: number;
}

/**
 * LISTENs on one dedicated connection (a pooled one would be handed to other queries) and reconnects
 * with growing pauses after the database goes away. Resolves once the first attempt has finished, so
 * a server that starts listening before it serves never misses what its first requests cause.
 */
export async function listenForNotifications(options: ListenOptions): Promise<NotificationListener> {
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  let closed = false;
  let current: pg.Client | undefined;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  const dead = new WeakSet<pg.Client>();

  const retire = (client: pg.Client, err?: unknown) => {
    if (dead.has(client)) return;
    dead.add(client);
    if (current === client) current = undefined;
    client.end().catch(() => {});
    if (closed) return;
    options.onState?.('lost', err);
    const delay = Math.min(maxRetryMs, 250 * 2 ** attempt++);
    retryTimer = setTimeout(() => void connect(), delay);
    retryTimer.unref();
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const client = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel === LIVE_EVENTS_CHANNEL && message.payload) options.onPayload(message.payload);
    });
    client.on('error', (err) => retire(client, err));
    client.on('end', () => retire(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_EVENTS_CHANNEL}`);
      if (closed) {
        dead.add(client);
        await client.end();
        return;
      }
      current = client;
      attempt = 0;
      options.onState?.('listening');
    } catch (err) {
      retire(client, err);
    }
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const client = current;
      current = undefined;
      if (client) {
        dead.add(client);
        await client.end().catch(() => {});
      }
    },
  };
}
