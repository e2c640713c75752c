import type { NewTicket } from '../domain/ticket/new-ticket.ts';
import type { Actor, TicketEventDraft, TicketState } from '../domain/ticket/ticket.ts';
import type { Db } from '../store/database.ts';
import type { IntakeColumns, TicketRecord } from '../store/ticket.repository.ts';
import type { WriteBatch } from '../store/write-batch.ts';

/**
 * Extension points of the ticket service. They run inside the ticket's own transaction, so whatever
 * they write (routing, outbox rows, idempotency keys, task rows) commits or rolls back with the ticket.
 */

export interface IntakeContext {
  tx: Db;
  now: Date;
  actor: Actor;
  /** The new ticket's tracking code in clear: only intake ever sees it. */
  trackingCode: string;
  /**
   * Final writes that nothing in the transaction reads back (outbox, audit, NOTIFY): sent as one
   * statement after the ticket is inserted (write-batch.ts).
   */
  writes: WriteBatch;
}

export interface IntakePlan {
  columns?: IntakeColumns;
  /** Appended after the `received` event. */
  events?: TicketEventDraft[];
  afterInsert?: (ticket: TicketRecord, tx: Db) => Promise<void>;
}

export type IntakeHook = (ticket: NewTicket, ctx: IntakeContext) => Promise<IntakePlan>;

export interface ChangeContext {
  before: TicketRecord;
  after: TicketRecord;
  /** The events the action produced. */
  events: TicketEventDraft[];
  actor: Actor;
  tx: Db;
  now: Date;
}

/** Returns extra events to append to the same change (e.g. who a note mentioned). */
export type ChangeHook = (change: ChangeContext) => Promise<TicketEventDraft[]>;

/** Runs the plans in order: later plans override earlier columns; events and after-steps accumulate. */
export function mergeIntakePlans(plans: readonly (IntakePlan | undefined)[]): Required<IntakePlan> {
  const present = plans.filter((p): p is IntakePlan => p !== undefined);
  return {
    columns: Object.assign({}, ...present.map((p) => p.columns ?? {})),
    events: present.flatMap((p) => p.events ?? []),
    afterInsert: async (ticket, tx) => {
      for (const p of present) await p.afterInsert?.(ticket, tx);
    },
  };
}

/** The lifecycle state of a ticket that is being created (intake plans apply actions to it). */
export const NEW_TICKET_STATE: TicketState = {
  status: 'new',
  kind: null,
  category: null,
  level: null,
  firstResponseAt: null,
  resolutionProposedAt: null,
  closedAt: null,
  closure: null,
  reopenCount: 0,
  duplicateOfId: null,
};
