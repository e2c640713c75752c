import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { AppError } from '../domain/app-error.ts';
import { type FieldCipher, fieldCipherFor } from '../security/field-cipher.ts';
import type { Db } from './database.ts';
import { tickets } from './schema.ts';
import { notificationOutbox } from './schema-workflow.ts';
import type { WriteBatch } from './write-batch.ts';

export type OutboxChannel = 'email' | 'sms' | 'wechat';
export type OutboxState = 'pending' | 'sent' | 'failed';

export interface OutboxDraft {
  ticketId: number | null;
  template: string;
  channel: OutboxChannel;
  recipient: string;
  audience: 'patient' | 'staff';
  lang: string;
  subject: string;
  body: string;
}

export interface OutboxMessage extends OutboxDraft {
  id: number;
  ticketNo: string | null;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  provider: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

type Row = typeof notificationOutbox.$inferSelect;

function toMessage(row: Row, ticketNo: string | null, cipher: FieldCipher | undefined): OutboxMessage {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketNo,
    template: row.template,
    channel: row.channel as OutboxChannel,
    recipient: cipher ? (cipher.decrypt(row.recipient) ?? '') : row.recipient,
    audience: row.audience as 'patient' | 'staff',
    lang: row.lang,
    subject: row.subject,
    body: row.body,
    state: row.state as OutboxState,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    provider: row.provider,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  };
}

export function createOutboxRepository(db: Db) {
  // Recipients are patients' addresses: encrypted like the ticket's contact fields when a key is set.
  const cipherOf = () => fieldCipherFor(db);
  const rowsFor = (drafts: OutboxDraft[], now: Date) =>
    drafts.map((d) => ({
      ...d,
      recipient: cipherOf()?.encrypt(d.recipient) ?? d.recipient,
      state: 'pending',
      nextAttemptAt: now,
      createdAt: now,
    }));
  return {
    /** Call with the transaction of the ticket change that caused the messages. */
    async enqueue(drafts: OutboxDraft[], now: Date, tx: Db = db): Promise<void> {
      if (drafts.length === 0) return;
      await tx.insert(notificationOutbox).values(rowsFor(drafts, now));
    },

    /** The same insert, sent with the transaction's other final writes (write-batch.ts). */
    enqueueLater(batch: WriteBatch, drafts: OutboxDraft[], now: Date): void {
      if (drafts.length === 0) return;
      batch.write(db.insert(notificationOutbox).values(rowsFor(drafts, now)));
    },

    /**
     * Leases up to `limit` due messages: their next attempt moves to `leaseUntil`, so a second drainer
     * (another server) skips them, and a drainer that dies mid-send lets them come due again.
     */
    async lease(now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
      return db.transaction(async (tx) => {
        const due = await tx
          .select({ id: notificationOutbox.id })
          .from(notificationOutbox)
          .where(and(eq(notificationOutbox.state, 'pending'), lte(notificationOutbox.nextAttemptAt, now)))
          .orderBy(asc(notificationOutbox.nextAttemptAt), asc(notificationOutbox.id))
          .limit(limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        const rows = await tx
          .update(notificationOutbox)
          .set({ nextAttemptAt: leaseUntil })
          .where(
            inArray(
              notificationOutbox.id,
              due.map((d) => d.id),
            ),
          )
          .returning();
        return rows.sort((a, b) => a.id - b.id).map((r) => toMessage(r, null, cipherOf()));
      });
    },

    async markSent(id: number, provider: string, now: Date): Promise<void> {
      await db
        .update(notificationOutbox)
        .set({
          state: 'sent',
          sentAt: now,
          provider,
          body: '',
          attempts: sql`${notificationOutbox.attempts} + 1`,
        })
        .where(eq(notificationOutbox.id, id));
    },

    async markFailed(
      id: number,
      input: { provider: string; error: string; attempts: number; nextAttemptAt: Date | null },
    ): Promise<void> {
      await db
        .update(notificationOutbox)
        .set({
          provider: input.provider,
          lastError: input.error.slice(0, 1000),
          attempts: input.attempts,
          ...(input.nextAttemptAt ? { nextAttemptAt: input.nextAttemptAt } : { state: 'failed' }),
        })
        .where(eq(notificationOutbox.id, id));
    },

    /** Messages for staff to inspect: by state, and "troubled" = failed or pending after an error. */
    async list(filter: { state?: OutboxState; troubled?: boolean; ticketId?: number; limit: number }) {
      const conditions = [];
      if (filter.state) conditions.push(eq(notificationOutbox.state, filter.state));
      if (filter.troubled)
        conditions.push(gt(notificationOutbox.attempts, 0), sql`${notificationOutbox.state} <> 'sent'`);
      if (filter.ticketId !== undefined) conditions.push(eq(notificationOutbox.ticketId, filter.ticketId));
      const rows = await db
        .select({ outbox: notificationOutbox, ticketNo: tickets.ticketNo })
        .from(notificationOutbox)
        .leftJoin(tickets, eq(tickets.id, notificationOutbox.ticketId))
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(notificationOutbox.id))
        .limit(filter.limit);
      return rows.map((r) => toMessage(r.outbox, r.ticketNo, cipherOf()));
    },

    /** Puts a failed message back in the queue, due now. */
    async retry(id: number, now: Date): Promise<void> {
      const rows = await db
        .update(notificationOutbox)
        .set({ state: 'pending', nextAttemptAt: now })
        .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.state, 'failed')))
        .returning({ id: notificationOutbox.id });
      if (rows.length === 0) {
        throw new AppError(
          'NOTIFICATION_NOT_RETRYABLE',
          `Notification ${id} does not exist or has not failed.`,
        );
      }
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
