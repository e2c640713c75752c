/**
 * The SLA deadlines of one ticket: for first response and resolution, when it is due, when the
 * owner is warned (80 %), and when it escalates (a further 100 % after the deadline), with a one-line
 * explanation each. Pure: everything comes in as data; re-triage or a new pause simply calls it again
 * with the original receivedAt.
 */
import { AppError } from '../app-error.ts';
import type { WorkingCalendar } from '../calendar/calendar.ts';
import { civilFromDayNumber } from '../calendar/civil-date.ts';
import { type CalendarIndex, calendarIndex, localDayOf } from '../calendar/day-plans.ts';
import type { Interval } from '../calendar/working-time.ts';
import { amountText, explainDeadline } from './explain-deadline.ts';
import { pausesToStops, type SlaPause } from './pauses.ts';
import { applicableTargets, type SlaPolicy, type Target, type TicketFlags } from './sla-policy.ts';
import { type TargetTiming, timeTarget } from './target-clock.ts';

export interface ComputeDeadlinesInput {
  policy: SlaPolicy;
  calendar: WorkingCalendar;
  level: number;
  /** When the person contacted the institution (may be earlier than data entry). */
  receivedAt: Date;
  vip?: boolean;
  flags?: TicketFlags;
  pauses?: readonly SlaPause[];
}

export interface TargetDeadline {
  target: Target;
  /** null while an open pause holds the clock before the deadline. */
  dueAt: Date | null;
  warnAt: Date | null;
  escalateAt: Date | null;
  explanation: string;
}

export interface SlaDeadlines {
  policyId: string;
  /** Store with the ticket: it was timed with this version. */
  policyVersion: number;
  calendarId: string;
  level: number;
  firstResponse: TargetDeadline;
  resolution: TargetDeadline;
  /** Years between receipt and the last computed instant that the calendar has no holiday data for:
   *  deadlines there are guesses, to be shown loudly. */
  uncoveredYears: number[];
}

const NO_PAUSES: readonly SlaPause[] = [];
const RESOLUTION_REASONS = {
  level: undefined,
  complex: 'complex case',
  multi_department: 'several departments',
} as const;

export function computeDeadlines(input: ComputeDeadlinesInput): SlaDeadlines {
  const { policy, calendar, level } = input;
  if (!(input.receivedAt instanceof Date) || Number.isNaN(input.receivedAt.getTime())) {
    throw new AppError('SLA_BAD_TIME', 'receivedAt must be a valid instant.', { field: 'receivedAt' });
  }
  const targets = applicableTargets(policy, level, input.vip === true, input.flags ?? {});
  const index = calendarIndex(calendar);
  const receivedMs = input.receivedAt.getTime();
  const stops = pausesToStops(input.pauses ?? NO_PAUSES, receivedMs);

  let firstResponse = timeTarget(index, targets.firstResponse, receivedMs, stops);
  let comparison: string | undefined;
  if (targets.vipCap !== null) {
    const capped = timeTarget(index, targets.vipCap, receivedMs, stops);
    if (dueOrInfinity(capped) < dueOrInfinity(firstResponse)) {
      comparison = `VIP cap, earlier than the level's ${amountText(firstResponse.target)}`;
      firstResponse = capped;
    } else {
      comparison = `the VIP cap of ${amountText(capped.target)} is not earlier`;
    }
  }
  const resolution = timeTarget(index, targets.resolution, receivedMs, stops);

  const receivedYear = yearOf(index, receivedMs);
  const lastMs = latestInstant(resolution, latestInstant(firstResponse, receivedMs));
  return {
    policyId: policy.id,
    policyVersion: policy.version,
    calendarId: calendar.id,
    level,
    firstResponse: toDeadline(index, firstResponse, stops, receivedYear, { comparison }),
    resolution: toDeadline(index, resolution, stops, receivedYear, {
      reason: RESOLUTION_REASONS[targets.resolutionSource],
    }),
    uncoveredYears: uncovered(index, receivedYear, yearOf(index, lastMs)),
  };
}

function toDeadline(
  index: CalendarIndex,
  timing: TargetTiming,
  stops: readonly Interval[],
  receivedYear: number,
  context: { reason?: string | undefined; comparison?: string | undefined },
): TargetDeadline {
  const untilYear = yearOf(index, timing.dueMs ?? timing.nominalMs ?? timing.receivedMs);
  const explanation = explainDeadline(index, timing, stops, {
    ...(context.reason === undefined ? {} : { reason: context.reason }),
    ...(context.comparison === undefined ? {} : { comparison: context.comparison }),
    uncoveredYears: uncovered(index, receivedYear, untilYear),
  });
  return {
    target: timing.target,
    dueAt: toDate(timing.dueMs),
    warnAt: toDate(timing.warnMs),
    escalateAt: toDate(timing.escalateMs),
    explanation,
  };
}

function dueOrInfinity(timing: TargetTiming): number {
  return timing.dueMs ?? Number.POSITIVE_INFINITY;
}

/** The latest of `floorMs` and the known instants of a timing. */
function latestInstant(timing: TargetTiming, floorMs: number): number {
  let latest = floorMs;
  if (timing.dueMs !== null && timing.dueMs > latest) latest = timing.dueMs;
  if (timing.warnMs !== null && timing.warnMs > latest) latest = timing.warnMs;
  if (timing.escalateMs !== null && timing.escalateMs > latest) latest = timing.escalateMs;
  if (timing.nominalMs !== null && timing.nominalMs > latest) latest = timing.nominalMs;
  return latest;
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

function yearOf(index: CalendarIndex, instantMs: number): number {
  return civilFromDayNumber(localDayOf(index, instantMs)).year;
}

function uncovered(index: CalendarIndex, fromYear: number, toYear: number): number[] {
  const years: number[] = [];
  for (let year = fromYear; year <= toYear; year++) if (!index.coveredYears.has(year)) years.push(year);
  return years;
}
