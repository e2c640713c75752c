/**
 * Times one target (an amount of one kind of time) from the receipt, honouring pauses, as sla.md
 * defines it:
 * - calendar minutes run round the clock; pauses before the deadline push it by the wall-clock time
 *   paused;
 * - working minutes run inside working periods; pauses push by the working time paused;
 * - working days: the nominal deadline is the end of the n-th working day after the day of receipt;
 *   the working time paused before it is then added counting forward from it, skipping further pauses.
 * In all three a pause that begins at or after the deadline does not move it, and an open pause that
 * begins before it holds the deadline (null) until the pause ends.
 *
 * Warning at 80 % of the target's own time, paused time not counted (for working days: of the
 * working time between receipt and the nominal deadline). Escalation a further 100 % of the target
 * after the deadline, in the same kind of time; pauses no longer count once a deadline is breached.
 */
import { MS_PER_MINUTE } from '../calendar/civil-date.ts';
import type { CalendarIndex } from '../calendar/day-plans.ts';
import {
  advanceCalendarMs,
  advanceWorkingMs,
  endOfNthWorkingDayMs,
  type Interval,
  workingMsBetween,
} from '../calendar/working-time.ts';
import type { Target } from './sla-policy.ts';

export const WARNING_FRACTION = 0.8;

export interface TargetTiming {
  target: Target;
  receivedMs: number;
  /** null while an open pause holds the clock before the deadline. */
  dueMs: number | null;
  warnMs: number | null;
  escalateMs: number | null;
  /** Working days only: the deadline before pauses were added. */
  nominalMs: number | null;
  /** Time paused before the deadline, in the target's own kind of time (ms). */
  pausedMs: number;
  /** Start of the open pause holding the deadline, when dueMs is null. */
  heldSinceMs: number | null;
}

export function timeTarget(
  index: CalendarIndex,
  target: Target,
  receivedMs: number,
  stops: readonly Interval[],
): TargetTiming {
  switch (target.unit) {
    case 'calendar_minutes':
      return timeCalendarMinutes(target, receivedMs, stops);
    case 'working_minutes':
      return timeWorkingMinutes(index, target, receivedMs, stops);
    case 'working_days':
      return timeWorkingDays(index, target, receivedMs, stops);
  }
}

function timeCalendarMinutes(target: Target, receivedMs: number, stops: readonly Interval[]): TargetTiming {
  const amountMs = target.amount * MS_PER_MINUTE;
  const dueMs = advanceCalendarMs(receivedMs, amountMs, stops);
  return {
    target,
    receivedMs,
    dueMs,
    warnMs: advanceCalendarMs(receivedMs, warningShare(amountMs), stops),
    escalateMs: dueMs === null ? null : dueMs + amountMs,
    nominalMs: null,
    pausedMs: dueMs === null ? 0 : dueMs - receivedMs - amountMs,
    heldSinceMs: dueMs === null ? openStopStart(stops) : null,
  };
}

function timeWorkingMinutes(
  index: CalendarIndex,
  target: Target,
  receivedMs: number,
  stops: readonly Interval[],
): TargetTiming {
  const amountMs = target.amount * MS_PER_MINUTE;
  const dueMs = advanceWorkingMs(index, receivedMs, amountMs, stops);
  return {
    target,
    receivedMs,
    dueMs,
    warnMs: advanceWorkingMs(index, receivedMs, warningShare(amountMs), stops),
    escalateMs: dueMs === null ? null : advanceWorkingMs(index, dueMs, amountMs),
    nominalMs: null,
    pausedMs:
      dueMs === null || stops.length === 0 ? 0 : workingMsBetween(index, receivedMs, dueMs) - amountMs,
    heldSinceMs: dueMs === null ? openStopStart(stops) : null,
  };
}

function timeWorkingDays(
  index: CalendarIndex,
  target: Target,
  receivedMs: number,
  stops: readonly Interval[],
): TargetTiming {
  const nominalMs = endOfNthWorkingDayMs(index, receivedMs, target.amount);
  let pausedMs = 0;
  let heldSinceMs: number | null = null;
  for (const stop of stops) {
    if (stop.start >= nominalMs) break;
    if (stop.end === Number.POSITIVE_INFINITY) heldSinceMs = stop.start;
    else pausedMs += workingMsBetween(index, stop.start, Math.min(stop.end, nominalMs));
  }
  let dueMs: number | null = null;
  if (heldSinceMs === null)
    dueMs = pausedMs === 0 ? nominalMs : advanceWorkingMs(index, nominalMs, pausedMs, stops);
  if (dueMs === null && heldSinceMs === null) heldSinceMs = openStopStart(stops);
  const plannedWorkMs = workingMsBetween(index, receivedMs, nominalMs);
  return {
    target,
    receivedMs,
    dueMs,
    warnMs: advanceWorkingMs(index, receivedMs, warningShare(plannedWorkMs), stops),
    escalateMs: dueMs === null ? null : endOfNthWorkingDayMs(index, dueMs, target.amount),
    nominalMs,
    pausedMs,
    heldSinceMs,
  };
}

function warningShare(ms: number): number {
  return Math.round(ms * WARNING_FRACTION);
}

function openStopStart(stops: readonly Interval[]): number | null {
  const last = stops[stops.length - 1];
  return last !== undefined && last.end === Number.POSITIVE_INFINITY ? last.start : null;
}
