import { formatDuration } from '../i18n/format.ts';
import type { MessageKey, Translate } from '../i18n/i18n.ts';

/**
 * Deadlines as the ticket JSON carries them once the SLA engine has timed a ticket. Tickets without
 * them (not yet triaged, or no SLA engine) show no countdown rather than an invented one.
 */
export interface Deadline {
  target: 'firstResponse' | 'resolution';
  dueAt: string;
  warnAt: string | null;
  /** Why the deadline is where it is (calendar, pauses, level), in the engine's words. */
  explanation: string | null;
  /** The target is already met (e.g. the first reply was sent): no countdown. */
  met: boolean;
}

export type SlaState = 'ok' | 'warning' | 'overdue';

/** The share of a target's time after which the owner is warned, when the ticket carries no warnAt. */
const WARN_AT_FRACTION = 0.8;

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Reads either a `deadlines: {firstResponse, resolution}` object or flat `…DueAt` / `…WarnAt` fields. */
export function readDeadlines(ticket: Json): Deadline[] {
  const nested = (ticket.deadlines ?? null) as Json | null;
  const result: Deadline[] = [];
  for (const target of ['firstResponse', 'resolution'] as const) {
    const d = (nested?.[target] ?? null) as Json | null;
    const dueAt = str(d?.dueAt) ?? str(ticket[`${target}DueAt`]);
    if (!dueAt) continue;
    const met =
      target === 'firstResponse' ? str(ticket.firstResponseAt) !== null : str(ticket.closedAt) !== null;
    result.push({
      target,
      dueAt,
      warnAt: str(d?.warnAt) ?? str(ticket[`${target}WarnAt`]),
      explanation: str(d?.explanation) ?? str(ticket[`${target}Explanation`]),
      met,
    });
  }
  return result;
}

export function slaState(deadline: Deadline, receivedAt: string, now: Date): SlaState {
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
};

/** The countdown in words: the state is always in the text, never in the colour alone. */
export function countdownText(deadline: Deadline, receivedAt: string, now: Date, t: Translate): string {
  const state = slaState(deadline, receivedAt, now);
  const delta = Date.parse(deadline.dueAt) - now.getTime();
  return t(STATE_KEY[state], { left: formatDuration(delta, t), over: formatDuration(-delta, t) });
}

/** The deadline the queue shows: the earliest one not yet met. */
export function nextDeadline(deadlines: Deadline[]): Deadline | null {
  const open = deadlines.filter((d) => !d.met);
  open.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return open[0] ?? null;
}
