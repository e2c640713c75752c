/**
 * The SLA state of one ticket, as stored on its row: the pauses, a snapshot of the computed
 * deadlines (with explanations), which targets are settled, which stages are due, and what the
 * ticket detail shows. Pure: the service and the sweep bring the data and `now`.
 *
 * Choices (sla.md leaves them to us):
 * - A ticket not yet triaged is timed provisionally as level 2 (the common case) and says so: an
 *   untriaged complaint must not sit without a clock; triage then re-times it from receivedAt.
 * - `resolution_proposed` pauses the clocks like `pending_patient`: the ticket waits on the patient's
 *   confirmation, and resolution is met when they confirm (or the window lapses), not at the proposal.
 * - Withdrawn and duplicate tickets settle both targets without meeting them: nothing more fires.
 */
import type { Closure, Status } from '../ticket/ticket.ts';
import type { SlaDeadlines, TargetDeadline } from './compute-deadlines.ts';
import type { SlaPause } from './pauses.ts';
import type { TargetUnit } from './sla-policy.ts';
import { type SlaStage, type SlaStageRef, type SlaTargetName, slaStages, stageKey } from './sla-stages.ts';

export const PROVISIONAL_LEVEL = 2;
export const PAUSING_STATUSES: ReadonlySet<Status> = new Set(['pending_patient', 'resolution_proposed']);
const RESOLVING_CLOSURES: ReadonlySet<Closure> = new Set(['confirmed', 'lapsed', 'on_spot']);
const CANCELLING_CLOSURES: ReadonlySet<Closure> = new Set(['withdrawn', 'duplicate']);
const MS_PER_MINUTE = 60_000;

/** A pause as stored in tickets.sla_pauses (ISO instants; end null while still paused). */
export interface StoredPause {
  start: string;
  end: string | null;
}

export interface SnapshotDeadline {
  amount: number;
  unit: TargetUnit;
  dueAt: string | null;
  warnAt: string | null;
  escalateAt: string | null;
  explanation: string;
}

/** What tickets.sla holds: the deadlines as last computed. */
export interface SlaSnapshot {
  level: number;
  provisional: boolean;
  uncoveredYears: number[];
  firstResponse: SnapshotDeadline;
  resolution: SnapshotDeadline;
}

/** The facts of a ticket that settle its targets. */
export interface SlaProgress {
  status: Status;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  closure: Closure | null;
}

/** Opens a pause when the ticket starts waiting on the patient, closes it when it stops. */
export function nextPauses(
  pauses: readonly StoredPause[],
  before: Status | null,
  after: Status,
  now: Date,
): StoredPause[] {
  const wasPaused = before !== null && PAUSING_STATUSES.has(before);
  const isPaused = PAUSING_STATUSES.has(after);
  if (!wasPaused && isPaused) return [...pauses, { start: now.toISOString(), end: null }];
  if (wasPaused && !isPaused) {
    return pauses.map((p) => (p.end === null ? { start: p.start, end: now.toISOString() } : p));
  }
  return [...pauses];
}

export function toSlaPauses(pauses: readonly StoredPause[]): SlaPause[] {
  return pauses.map((p) => ({ start: new Date(p.start), end: p.end === null ? null : new Date(p.end) }));
}

export function isPaused(pauses: readonly StoredPause[]): boolean {
  return pauses.some((p) => p.end === null);
}

export function toSnapshot(deadlines: SlaDeadlines, provisional: boolean): SlaSnapshot {
  const prefix = provisional ? `provisional, awaiting triage (timed as level ${deadlines.level}): ` : '';
  const snap = (d: TargetDeadline): SnapshotDeadline => ({
    amount: d.target.amount,
    unit: d.target.unit,
    dueAt: d.dueAt?.toISOString() ?? null,
    warnAt: d.warnAt?.toISOString() ?? null,
    escalateAt: d.escalateAt?.toISOString() ?? null,
    explanation: `${prefix}${d.explanation}`,
  });
  return {
    level: deadlines.level,
    provisional,
    uncoveredYears: deadlines.uncoveredYears,
    firstResponse: snap(deadlines.firstResponse),
    resolution: snap(deadlines.resolution),
  };
}

/** The snapshot's deadlines as the stage functions (sla-stages.ts) take them. */
export function snapshotDeadlines(snapshot: SlaSnapshot): Pick<SlaDeadlines, 'firstResponse' | 'resolution'> {
  const date = (iso: string | null) => (iso === null ? null : new Date(iso));
  const back = (d: SnapshotDeadline): TargetDeadline => ({
    target: { amount: d.amount, unit: d.unit },
    dueAt: date(d.dueAt),
    warnAt: date(d.warnAt),
    escalateAt: date(d.escalateAt),
    explanation: d.explanation,
  });
  return { firstResponse: back(snapshot.firstResponse), resolution: back(snapshot.resolution) };
}

/** When the target was met, or null (not yet, or the ticket was withdrawn / a duplicate). */
export function metAt(progress: SlaProgress, target: SlaTargetName): Date | null {
  if (target === 'first_response') return progress.firstResponseAt;
  return progress.closure !== null && RESOLVING_CLOSURES.has(progress.closure) ? progress.closedAt : null;
}

/** Targets whose stages no longer fire: met, or the ticket left the loop without resolution. */
export function settledTargets(progress: SlaProgress): SlaTargetName[] {
  if (progress.closure !== null && CANCELLING_CLOSURES.has(progress.closure)) {
    return ['first_response', 'resolution'];
  }
  const settled: SlaTargetName[] = [];
  if (metAt(progress, 'first_response') !== null) settled.push('first_response');
  if (metAt(progress, 'resolution') !== null) settled.push('resolution');
  return settled;
}

/** Stages whose instant has come (at ≤ now), not fired yet, of targets still running; earliest first. */
export function dueStages(
  deadlines: Pick<SlaDeadlines, 'firstResponse' | 'resolution'>,
  fired: readonly SlaStageRef[],
  settled: readonly SlaTargetName[],
  now: Date,
): SlaStage[] {
  const done = new Set(fired.map(stageKey));
  return slaStages(deadlines).filter(
    (s) => s.at.getTime() <= now.getTime() && !done.has(stageKey(s)) && !settled.includes(s.target),
  );
}

/** One deadline as the ticket detail shows it. */
export interface DeadlineView {
  target: SlaTargetName;
  amount: number;
  unit: TargetUnit;
  /** null while an open pause holds the clock. */
  dueAt: string | null;
  warnAt: string | null;
  escalateAt: string | null;
  met: boolean;
  metAt: string | null;
  /** Met after the deadline. */
  late: boolean;
  /** Past the deadline and not met (and the ticket still in the loop). */
  overdue: boolean;
  /** When the sweep recorded the breach (the true deadline instant). */
  breachedAt: string | null;
  /** Wall-clock minutes to the deadline, negative once overdue; null when met, stopped or held. */
  remainingMinutes: number | null;
  paused: boolean;
  explanation: string;
}

export interface DeadlineViewInput {
  snapshot: SlaSnapshot;
  progress: SlaProgress;
  pauses: readonly StoredPause[];
  breachedAt: { first_response: Date | null; resolution: Date | null };
}

export function deadlineViews(input: DeadlineViewInput, now: Date): DeadlineView[] {
  const settled = settledTargets(input.progress);
  const paused = isPaused(input.pauses);
  const view = (target: SlaTargetName, d: SnapshotDeadline): DeadlineView => {
    const met = metAt(input.progress, target);
    const due = d.dueAt === null ? null : new Date(d.dueAt);
    const running = !settled.includes(target);
    return {
      target,
      amount: d.amount,
      unit: d.unit,
      dueAt: d.dueAt,
      warnAt: d.warnAt,
      escalateAt: d.escalateAt,
      met: met !== null,
      metAt: met?.toISOString() ?? null,
      late: met !== null && due !== null && met.getTime() > due.getTime(),
      overdue: running && due !== null && due.getTime() <= now.getTime(),
      breachedAt: input.breachedAt[target]?.toISOString() ?? null,
      remainingMinutes:
        running && due !== null ? Math.floor((due.getTime() - now.getTime()) / MS_PER_MINUTE) : null,
      paused: running && paused,
      explanation: d.explanation,
    };
  };
  return [
    view('first_response', input.snapshot.firstResponse),
    view('resolution', input.snapshot.resolution),
  ];
}

/** Overdue for the ticket list: a running target whose deadline has passed. */
export function isOverdue(
  progress: SlaProgress,
  due: { firstResponse: Date | null; resolution: Date | null },
  now: Date,
): boolean {
  const settled = settledTargets(progress);
  const past = (d: Date | null) => d !== null && d.getTime() <= now.getTime();
  return (
    (!settled.includes('first_response') && past(due.firstResponse)) ||
    (!settled.includes('resolution') && past(due.resolution))
  );
}

/** The SLA columns of a ticket row, as TicketRecord carries them. */
export interface TicketSlaFields {
  slaPolicyId: string | null;
  slaPolicyVersion: number | null;
  slaCalendarId: string | null;
  sla: SlaSnapshot | null;
  slaPauses: StoredPause[];
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaNextAt: Date | null;
  firstResponseBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
}
