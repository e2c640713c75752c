import { AppError, isAppError } from '../domain/app-error.ts';
import type { NewFeedbackInput } from '../domain/ticket/new-ticket.ts';
import { PATIENT, type Status } from '../domain/ticket/ticket.ts';
import { sealForKeyHolder, sha256Hex, unsealForKeyHolder } from '../security/idempotency-seal.ts';
import type { Database } from '../store/database.ts';
import { createIdempotencyRepository } from '../store/idempotency.repository.ts';
import type { SubmitResult, TicketService } from './ticket.service.ts';
import type { IntakeHook } from './ticket-hooks.ts';

/**
 * `Idempotency-Key` on the public feedback endpoint. A patient's phone on a bad connection, a kiosk
 * that times out, a server killed between commit and answer: the client sends the same request again
 * with the same key and gets the first answer (the same ticket and tracking code), never a second
 * ticket. The key is claimed inside the intake transaction (idempotency.repository.ts).
 *
 * What is stored can be read by anyone with the database, so neither the key nor the tracking code is
 * kept in clear: the key as its SHA-256, the tracking code sealed (AES-256-GCM) with a key derived from
 * the Idempotency-Key itself, which only the client holds. Keys should be random (a UUID).
 */
export const PUBLIC_FEEDBACK_SOURCE = 'public-feedback';
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,200}$/;

/** A concurrent request holds the key; its answer is read once it has committed. */
class KeyHeldElsewhere extends Error {}

/** PostgreSQL unique_violation (drizzle wraps the driver's error in `cause`). */
function isUniqueViolation(err: unknown): boolean {
  if (isAppError(err)) return false;
  const e = err as { code?: string; cause?: { code?: string } };
  return (e.code ?? e.cause?.code) === '23505';
}

/** What the submitter is answered: also what a replay can give back from the stored first answer. */
export type SubmitAnswer = Pick<SubmitResult, 'ticketNo' | 'trackingCode' | 'status' | 'receivedAt'>;

export interface IdempotentSubmit {
  result: SubmitAnswer;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

export function createIdempotentFeedback(deps: { database: Database; tickets: TicketService }) {
  const keys = createIdempotencyRepository(deps.database.db);

  async function replay(keyHash: string, bodyHash: string, key: string): Promise<SubmitAnswer | null> {
    const earlier = await keys.find(PUBLIC_FEEDBACK_SOURCE, keyHash);
    if (!earlier?.response) return null;
    if (earlier.bodyHash !== bodyHash) {
      throw new AppError(
        'INTAKE_IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for a different request; use a new key for new content.',
        { field: 'Idempotency-Key' },
      );
    }
    const r = earlier.response as { ticketNo: string; status: Status; receivedAt: string; sealed: string };
    return {
      ticketNo: r.ticketNo,
      trackingCode: unsealForKeyHolder(r.sealed, key),
      status: r.status,
      receivedAt: new Date(r.receivedAt),
    };
  }

  return {
    async submit(input: NewFeedbackInput, idempotencyKey: string | undefined): Promise<IdempotentSubmit> {
      if (idempotencyKey === undefined) {
        return { result: await deps.tickets.submitFeedback(input), replayed: false };
      }
      if (!KEY_PATTERN.test(idempotencyKey)) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Idempotency-Key must be 8–200 letters, digits or _ . : - (a UUID is ideal).',
          { field: 'Idempotency-Key' },
        );
      }
      const keyHash = sha256Hex(`${PUBLIC_FEEDBACK_SOURCE}\0${idempotencyKey}`);
      const bodyHash = sha256Hex(JSON.stringify(input));
      const earlier = await replay(keyHash, bodyHash, idempotencyKey);
      if (earlier) return { result: earlier, replayed: true };

      const plan: IntakeHook = async (_ticket, ctx) => {
        if (!(await keys.claim(PUBLIC_FEEDBACK_SOURCE, keyHash, bodyHash, ctx.now, ctx.tx))) {
          throw new KeyHeldElsewhere();
        }
        return {
          afterInsert: async (ticket, tx) =>
            keys.complete(
              PUBLIC_FEEDBACK_SOURCE,
              keyHash,
              ticket.id,
              {
                ticketNo: ticket.ticketNo,
                status: ticket.status,
                receivedAt: ticket.receivedAt.toISOString(),
                sealed: sealForKeyHolder(ctx.trackingCode, idempotencyKey),
              },
              tx,
            ),
        };
      };
      try {
        return { result: await deps.tickets.submitFeedback(input, PATIENT, { plan }), replayed: false };
      } catch (err) {
        // Lost the race for the key to a request that committed meanwhile: answer as it did.
        if (!(err instanceof KeyHeldElsewhere) && !isUniqueViolation(err)) throw err;
        const first = await replay(keyHash, bodyHash, idempotencyKey);
        if (!first) throw err;
        return { result: first, replayed: true };
      }
    },
  };
}
