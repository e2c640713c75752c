import { and, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { intakeIdempotency } from './schema-workflow.ts';

/**
 * Idempotency keys of intake requests (table intake_idempotency): the first request with a key claims
 * it inside the intake transaction and stores its answer there; a retry with the same key — after a
 * lost response, a crash, a timeout — gets that answer instead of a second ticket. Because the claim
 * commits or rolls back with the ticket, a key is never recorded without its ticket, nor the reverse.
 */
export interface StoredAnswer {
  bodyHash: string;
  ticketId: number | null;
  response: Record<string, unknown> | null;
}

export function createIdempotencyRepository(db: Db) {
  return {
    /**
     * Claims (source, key) in the caller's transaction; false when another request holds it. On
     * PostgreSQL a concurrent claim of the same key waits here until the first commits or rolls back.
     */
    async claim(source: string, key: string, bodyHash: string, now: Date, tx: Db): Promise<boolean> {
      const rows = await tx
        .insert(intakeIdempotency)
        .values({ source, key, bodyHash, createdAt: now })
        .onConflictDoNothing()
        .returning({ key: intakeIdempotency.key });
      return rows.length === 1;
    },

    async complete(
      source: string,
      key: string,
      ticketId: number,
      response: Record<string, unknown>,
      tx: Db,
    ): Promise<void> {
      await tx
        .update(intakeIdempotency)
        .set({ ticketId, response })
        .where(and(eq(intakeIdempotency.source, source), eq(intakeIdempotency.key, key)));
    },

    async find(source: string, key: string): Promise<StoredAnswer | null> {
      const [row] = await db
        .select({
          bodyHash: intakeIdempotency.bodyHash,
          ticketId: intakeIdempotency.ticketId,
          response: intakeIdempotency.response,
        })
        .from(intakeIdempotency)
        .where(and(eq(intakeIdempotency.source, source), eq(intakeIdempotency.key, key)));
      return row ?? null;
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>;
