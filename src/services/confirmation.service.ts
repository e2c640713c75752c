import { SYSTEM } from '../domain/ticket/ticket.ts';
import { applyTicketAction } from '../domain/ticket/ticket-lifecycle.ts';
import type { Database } from '../store/database.ts';
import { createIntakeRepository } from '../store/intake.repository.ts';
import { createTicketRepository } from '../store/ticket.repository.ts';

export const LAPSE_BATCH_SIZE = 200;
const DAY_MS = 24 * 3600_000;

/**
 * The confirmation window: a proposed resolution the patient leaves unanswered for the window closes
 * as "confirmed by lapse" (closure = lapsed, distinguishable in reports from a real confirmation).
 */
export function createConfirmationService(deps: { database: Database; windowDays: number }) {
  const tickets = createTicketRepository(deps.database.db);
  const intake = createIntakeRepository(deps.database.db);

  return {
    /**
     * Closes every ticket whose window ended by `now`. Idempotent: running it twice, or on two servers
     * at once, closes each ticket once — the condition is re-checked under the ticket's row lock, so a
     * patient answering (or a new proposal) at the last moment wins.
     */
    async lapseConfirmations(now: Date): Promise<{ lapsed: string[] }> {
      const cutoff = new Date(now.getTime() - deps.windowDays * DAY_MS);
      const lapsed: string[] = [];
      for (;;) {
        const due = await intake.awaitingConfirmationSince(cutoff, LAPSE_BATCH_SIZE);
        let closedThisRound = 0;
        for (const t of due) {
          const closed = await tickets.update(
            t.id,
            async (current) => {
              const stillDue =
                current.status === 'resolution_proposed' &&
                current.resolutionProposedAt !== null &&
                current.resolutionProposedAt.getTime() <= cutoff.getTime();
              if (!stillDue) return { patch: {}, events: [], result: false };
              const { state, events } = applyTicketAction(
                current,
                { type: 'lapse_confirmation' },
                SYSTEM,
                now,
              );
              return { patch: state, events, result: true };
            },
            now,
          );
          if (closed) {
            lapsed.push(t.ticketNo);
            closedThisRound++;
          }
        }
        if (due.length < LAPSE_BATCH_SIZE || closedThisRound === 0) break;
      }
      return { lapsed };
    },
  };
}

export type ConfirmationService = ReturnType<typeof createConfirmationService>;
