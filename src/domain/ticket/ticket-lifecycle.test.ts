import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.ts';
import { PATIENT, STATUSES, type Status, type TicketState } from './ticket.ts';
import { applyTicketAction, canTransition, TRANSITIONS } from './ticket-lifecycle.ts';

const NOW = new Date('2026-03-11T02:00:00Z');
const STAFF = { type: 'staff' as const, id: 7 };

function state(status: Status, extra: Partial<TicketState> = {}): TicketState {
  return {
    status,
    kind: null,
    category: null,
    level: null,
    firstResponseAt: null,
    resolutionProposedAt: null,
    closedAt: null,
    closure: null,
    reopenCount: 0,
    duplicateOfId: null,
    ...extra,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
  return undefined;
}

describe('ticket lifecycle', () => {
  it('makes final statuses final: no way out of closed, on-the-spot, withdrawn or duplicate', () => {
    for (const s of ['closed', 'resolved_on_spot', 'withdrawn', 'duplicate'] as const) {
      for (const to of STATUSES) expect(canTransition(s, to)).toBe(false);
    }
  });

  it('lets every open status be withdrawn, except while a solution awaits the patient', () => {
    for (const s of Object.keys(TRANSITIONS) as Status[]) {
      const expected = ['new', 'acknowledged', 'in_progress', 'pending_patient'].includes(s);
      expect(canTransition(s, 'withdrawn')).toBe(expected);
    }
  });

  it('acknowledges a new ticket with the first reply and records the first response once', () => {
    const first = applyTicketAction(state('new'), { type: 'reply', text: 'hello' }, STAFF, NOW);
    expect(first.state.status).toBe('acknowledged');
    expect(first.state.firstResponseAt).toEqual(NOW);
    expect(first.events.map((e) => [e.type, e.visibility])).toEqual([
      ['reply', 'patient'],
      ['status_changed', 'patient'],
    ]);
    const later = new Date(NOW.getTime() + 60_000);
    const second = applyTicketAction(first.state, { type: 'reply', text: 'again' }, STAFF, later);
    expect(second.state.firstResponseAt).toEqual(NOW);
    expect(second.events).toHaveLength(1);
  });

  it('keeps notes internal and leaves the status alone', () => {
    const r = applyTicketAction(state('in_progress'), { type: 'note', text: 'called the ward' }, STAFF, NOW);
    expect(r.state.status).toBe('in_progress');
    expect(r.events[0]).toMatchObject({ type: 'note', visibility: 'internal' });
  });

  it('closes on confirmation and reopens on rejection, counting the reopen', () => {
    const proposed = state('resolution_proposed', { resolutionProposedAt: NOW });
    const ok = applyTicketAction(proposed, { type: 'patient_confirm', satisfied: true }, PATIENT, NOW);
    expect(ok.state).toMatchObject({ status: 'closed', closure: 'confirmed', closedAt: NOW });
    const no = applyTicketAction(
      proposed,
      { type: 'patient_confirm', satisfied: false, comment: 'no' },
      PATIENT,
      NOW,
    );
    expect(no.state).toMatchObject({ status: 'in_progress', reopenCount: 1, resolutionProposedAt: null });
    expect(no.events[0]).toMatchObject({ type: 'patient_rejected', payload: { comment: 'no' } });
  });

  it('closes by lapse, distinguishable from a confirmation', () => {
    const r = applyTicketAction(
      state('resolution_proposed'),
      { type: 'lapse_confirmation' },
      { type: 'system' },
      NOW,
    );
    expect(r.state.closure).toBe('lapsed');
  });

  it('refuses a confirmation when no solution is proposed, and illegal moves, with codes', () => {
    expect(
      codeOf(() =>
        applyTicketAction(state('in_progress'), { type: 'patient_confirm', satisfied: true }, PATIENT, NOW),
      ),
    ).toBe('TICKET_NOT_AWAITING_CONFIRMATION');
    expect(codeOf(() => applyTicketAction(state('closed'), { type: 'start' }, STAFF, NOW))).toBe(
      'TICKET_ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => applyTicketAction(state('closed'), { type: 'reply', text: 'x' }, STAFF, NOW))).toBe(
      'TICKET_CLOSED',
    );
    expect(codeOf(() => applyTicketAction(state('in_progress'), { type: 'resume' }, STAFF, NOW))).toBe(
      'TICKET_NOT_PAUSED',
    );
  });

  it('resumes a paused ticket when the patient writes', () => {
    const r = applyTicketAction(
      state('pending_patient'),
      { type: 'patient_message', text: 'here is the photo' },
      PATIENT,
      NOW,
    );
    expect(r.state.status).toBe('in_progress');
  });

  it('records a triage correction with what it replaced', () => {
    const before = state('new', { kind: 'complaint', category: 'attitude', level: 2 });
    const r = applyTicketAction(
      before,
      { type: 'triage', kind: 'complaint', category: 'clinical', level: 1, source: 'staff' },
      STAFF,
      NOW,
    );
    expect(r.state.level).toBe(1);
    expect(r.events[0]).toMatchObject({
      type: 'triage_corrected',
      payload: { before: { kind: 'complaint', category: 'attitude', level: 2 }, level: 1 },
    });
  });

  it('closes a matter settled at the desk at once, as on the spot', () => {
    const r = applyTicketAction(
      state('new'),
      { type: 'resolve_on_spot', text: 'reprinted the report' },
      STAFF,
      NOW,
    );
    expect(r.state).toMatchObject({
      status: 'resolved_on_spot',
      closure: 'on_spot',
      firstResponseAt: NOW,
      closedAt: NOW,
    });
  });
});
