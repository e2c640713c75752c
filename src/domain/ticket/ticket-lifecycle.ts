import { AppError } from '../app-error.ts';
import {
  type Actor,
  type Category,
  isFinal,
  type Kind,
  type Level,
  type Status,
  type TicketEventDraft,
  type TicketState,
} from './ticket.ts';

/**
 * The closed loop as a pure state machine: given a ticket's state, an action and `now`, it returns the
 * new state and the events to append, or throws a coded error for an action the state does not allow.
 * Repositories apply the result inside one transaction that holds the ticket's row lock.
 */

export type TicketAction =
  | { type: 'reply'; text: string }
  | { type: 'note'; text: string }
  | { type: 'start' }
  | { type: 'pause'; reason: string }
  | { type: 'resume' }
  | { type: 'propose_resolution'; text: string; rootCause?: string | undefined }
  | { type: 'patient_confirm'; satisfied: boolean; comment?: string | undefined }
  | { type: 'lapse_confirmation' }
  | { type: 'patient_message'; text: string }
  | { type: 'resolve_on_spot'; text: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'mark_duplicate'; originalId: number; originalNo: string }
  | {
      type: 'triage';
      kind: Kind;
      category: Category;
      level: Level;
      reasons?: string[];
      source: 'auto' | 'staff';
    };

/** Allowed status changes. Every other change is refused with TICKET_ILLEGAL_TRANSITION. */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  new: [
    'acknowledged',
    'in_progress',
    'pending_patient',
    'resolution_proposed',
    'resolved_on_spot',
    'withdrawn',
    'duplicate',
  ],
  acknowledged: ['in_progress', 'pending_patient', 'resolution_proposed', 'withdrawn', 'duplicate'],
  in_progress: ['pending_patient', 'resolution_proposed', 'withdrawn', 'duplicate'],
  pending_patient: ['in_progress', 'resolution_proposed', 'withdrawn', 'duplicate'],
  resolution_proposed: ['closed', 'in_progress'],
  closed: [],
  resolved_on_spot: [],
  withdrawn: [],
  duplicate: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface ActionResult {
  state: TicketState;
  events: TicketEventDraft[];
}

function requireTransition(from: Status, to: Status): void {
  if (!canTransition(from, to)) {
    throw new AppError('TICKET_ILLEGAL_TRANSITION', `A ticket that is ${from} cannot become ${to}.`, {
      details: { from, to },
    });
  }
}

function statusEvent(
  from: Status,
  to: Status,
  actor: Actor,
  now: Date,
  extra: Record<string, unknown> = {},
): TicketEventDraft {
  return { type: 'status_changed', actor, at: now, visibility: 'patient', payload: { from, to, ...extra } };
}

export function applyTicketAction(
  state: TicketState,
  action: TicketAction,
  actor: Actor,
  now: Date,
): ActionResult {
  const next: TicketState = { ...state };
  const events: TicketEventDraft[] = [];
  const moveTo = (to: Status, extra: Record<string, unknown> = {}) => {
    requireTransition(next.status, to);
    events.push(statusEvent(next.status, to, actor, now, extra));
    next.status = to;
  };

  switch (action.type) {
    case 'reply': {
      if (isFinal(state.status)) throw closedError(state.status);
      events.push({ type: 'reply', actor, at: now, visibility: 'patient', payload: { text: action.text } });
      // The first reply the patient can see meets the first-response target and acknowledges the ticket.
      if (next.firstResponseAt === null) next.firstResponseAt = now;
      if (next.status === 'new') moveTo('acknowledged');
      break;
    }
    case 'note': {
      events.push({ type: 'note', actor, at: now, visibility: 'internal', payload: { text: action.text } });
      break;
    }
    case 'start':
      moveTo('in_progress');
      break;
    case 'pause':
      moveTo('pending_patient', { reason: action.reason });
      break;
    case 'resume':
      if (state.status !== 'pending_patient') {
        throw new AppError('TICKET_NOT_PAUSED', 'The ticket is not waiting on the patient.');
      }
      moveTo('in_progress');
      break;
    case 'propose_resolution': {
      requireTransition(next.status, 'resolution_proposed');
      events.push({
        type: 'resolution_proposed',
        actor,
        at: now,
        visibility: 'patient',
        payload: { text: action.text },
      });
      if (action.rootCause) {
        events.push({
          type: 'root_cause_recorded',
          actor,
          at: now,
          visibility: 'internal',
          payload: { rootCause: action.rootCause },
        });
      }
      if (next.firstResponseAt === null) next.firstResponseAt = now;
      events.push(statusEvent(next.status, 'resolution_proposed', actor, now));
      next.status = 'resolution_proposed';
      next.resolutionProposedAt = now;
      break;
    }
    case 'patient_confirm': {
      if (state.status !== 'resolution_proposed') {
        throw new AppError(
          'TICKET_NOT_AWAITING_CONFIRMATION',
          'There is no proposed solution waiting for your confirmation on this case.',
        );
      }
      events.push({
        type: action.satisfied ? 'patient_confirmed' : 'patient_rejected',
        actor,
        at: now,
        visibility: 'patient',
        payload: action.comment ? { comment: action.comment } : {},
      });
      if (action.satisfied) {
        moveTo('closed', { closure: 'confirmed' });
        next.closedAt = now;
        next.closure = 'confirmed';
      } else {
        moveTo('in_progress', { reopened: true });
        next.reopenCount += 1;
        next.resolutionProposedAt = null;
      }
      break;
    }
    case 'lapse_confirmation': {
      if (state.status !== 'resolution_proposed') {
        throw new AppError('TICKET_NOT_AWAITING_CONFIRMATION', 'The ticket is not waiting for confirmation.');
      }
      moveTo('closed', { closure: 'lapsed' });
      next.closedAt = now;
      next.closure = 'lapsed';
      break;
    }
    case 'patient_message': {
      if (isFinal(state.status)) throw closedError(state.status);
      events.push({
        type: 'patient_message',
        actor,
        at: now,
        visibility: 'patient',
        payload: { text: action.text },
      });
      // The patient answering a question resumes the clocks.
      if (state.status === 'pending_patient') moveTo('in_progress', { reason: 'patient replied' });
      break;
    }
    case 'resolve_on_spot': {
      requireTransition(next.status, 'resolved_on_spot');
      events.push({
        type: 'resolved_on_spot',
        actor,
        at: now,
        visibility: 'patient',
        payload: { text: action.text },
      });
      moveTo('resolved_on_spot');
      if (next.firstResponseAt === null) next.firstResponseAt = now;
      next.closedAt = now;
      next.closure = 'on_spot';
      break;
    }
    case 'withdraw':
      moveTo('withdrawn', { reason: action.reason });
      next.closedAt = now;
      next.closure = 'withdrawn';
      break;
    case 'mark_duplicate':
      moveTo('duplicate', { originalNo: action.originalNo });
      next.duplicateOfId = action.originalId;
      next.closedAt = now;
      next.closure = 'duplicate';
      break;
    case 'triage': {
      if (isFinal(state.status) && action.source === 'auto') throw closedError(state.status);
      const before = { kind: state.kind, category: state.category, level: state.level };
      next.kind = action.kind;
      next.category = action.category;
      next.level = action.level;
      events.push({
        type: action.source === 'auto' ? 'triaged' : 'triage_corrected',
        actor,
        at: now,
        visibility: 'internal',
        payload: {
          kind: action.kind,
          category: action.category,
          level: action.level,
          ...(action.source === 'staff' ? { before } : {}),
          ...(action.reasons ? { reasons: action.reasons } : {}),
        },
      });
      break;
    }
  }
  return { state: next, events };
}

function closedError(status: Status): AppError {
  return new AppError('TICKET_CLOSED', `The ticket is ${status}; nothing more can be added to it.`);
}
