import { formatDuration } from '../i18n/format.ts';
import type { MessageKey, Translate } from '../i18n/i18n.ts';

/**
 * Deadlines as the ticket JSON carries them once the SLA engine has timed a ticket: the detail has a
 * `deadlines` array (with warnings, pauses and explanations), list rows have `firstResponseDueAt` and
 * `resolutionDueAt`. A ticket without them shows no countdown rather than an invented one.
 */
export interface Deadline {
  target: 'firstResponse' | 'resolution';
  /** null while a pause (waiting on the patient) holds the clock. */
  dueAt: string | null;
  warnAt: string | null;
  /** Why the deadline is where it is (calendar, level, pauses), in the SLA engine's words. */
  explanation: string | null;
  /** Met, or no longer running (the ticket is finished): no countdown. */
  met: boolean;
  paused: boolean;
}

export type SlaState = 'ok' | 'warning' | 'overdue' | 'paused';

/** The share of a target's time after which the owner is warned, when the row carries no warnAt. */
const WARN_AT_FRACTION = 0.8;
const FINAL_STATUSES = new Set(['closed', 'resolved_on_spot', 'withdrawn', 'duplicate']);

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const TARGETS = { first_response: 'firstResponse', resolution: 'resolution' } as const;

function fromView(view: Json): Deadline | null {
  const target = TARGETS[String(view.target) as keyof typeof TARGETS];
  if (!target) return null;
  const paused = view.paused === true;
  // A deadline that is neither met, nor paused, nor counting down has stopped (the ticket is finished).
  const stopped = view.remainingMinutes === null && !paused;
  return {
    target,
    dueAt: str(view.dueAt),
    warnAt: str(view.warnAt),
    explanation: str(view.explanation),
    met: view.met === true || stopped,
    paused,
  };
}

export function readDeadlines(ticket: Json): Deadline[] {
  if (Array.isArray(ticket.deadlines)) {
    return (ticket.deadlines as Json[]).map(fromView).filter((d): d is Deadline => d !== null);
  }
  const finished = FINAL_STATUSES.has(String(ticket.status));
  const result: Deadline[] = [];
  for (const target of ['firstResponse', 'resolution'] as const) {
    const dueAt = str(ticket[`${target}DueAt`]);
    if (!dueAt) continue;
    const met = finished || (target === 'firstResponse' && str(ticket.firstResponseAt) !== null);
    result.push({ target, dueAt, warnAt: null, explanation: null, met, paused: false });
  }
  return result;
}

export function slaState(deadline: Deadline, receivedAt: string, now: Date): SlaState {
  if (deadline.paused || deadline.dueAt === null) return 'paused';
  const due = Date.parse(deadline.dueAt);
  if (now.getTime() >= due) return 'overdue';
  const warn = deadline.warnAt
    ? Date.parse(deadline.warnAt)
    : Date.parse(receivedAt) + (due - Date.parse(receivedAt)) * WARN_AT_FRACTION;
  return now.getTime() >= warn ? 'warning' : 'ok';
}

const STATE_KEY: Record<SlaState, MessageKey> = {
  ok: 'sla.ok',
  warning: 'sla.warning',
  overdue: 'sla.overdue',
  paused: 'sla.paused',
};

/** The countdown in words: the state is always in the text, never in the colour alone. */
export function countdownText(deadline: Deadline, receivedAt: string, now: Date, t: Translate): string {
  const state = slaState(deadline, receivedAt, now);
  const delta = deadline.dueAt === null ? 0 : Date.parse(deadline.dueAt) - now.getTime();
  return t(STATE_KEY[state], { left: formatDuration(delta, t), over: formatDuration(-delta, t) });
}

/** The deadline the queue shows: the earliest one still running (a paused one last). */
export function nextDeadline(deadlines: Deadline[]): Deadline | null {
  const open = deadlines.filter((d) => !d.met);
  const at = (d: Deadline) => (d.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(d.dueAt));
  open.sort((a, b) => at(a) - at(b));
  return open[0] ?? null;
}
