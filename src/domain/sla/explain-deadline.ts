/**
 * One human line (English) saying how a deadline was reached, e.g.
 *   "2 working hours from 11:00 Wed 11 Mar; lunch 12:00–13:30 not counted"
 *   "10 working days after receipt: end of Fri 9 Oct; skips 中秋节 25–27 Sep, 国庆节 1–7 Oct; counts make-up working day Sun 20 Sep (国庆节)"
 * Times are local to the calendar's zone. Built from the timing facts only: it never recomputes a
 * deadline, so it cannot disagree with one.
 */
import { civilFromDayNumber, isoWeekday, MS_PER_DAY, MS_PER_MINUTE, pad2 } from '../calendar/civil-date.ts';
import { type CalendarIndex, dayPlan, localDayOf } from '../calendar/day-plans.ts';
import { advanceWorkingMs, type Interval } from '../calendar/working-time.ts';
import { toLocalMs } from '../calendar/zoned-time.ts';
import type { Target } from './sla-policy.ts';
import type { TargetTiming } from './target-clock.ts';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A break between two periods of one day starting in this local window is called lunch. */
const LUNCH_WINDOW_MINUTES = [11 * 60, 14 * 60];

export interface ExplainContext {
  /** Prefix naming why this target applies ("complex case"), if not the level's own. */
  reason?: string;
  /** Suffix comparing with a competing target (the VIP cap). */
  comparison?: string;
  /** Years between receipt and deadline without holiday data. */
  uncoveredYears: readonly number[];
}

export function explainDeadline(
  index: CalendarIndex,
  timing: TargetTiming,
  stops: readonly Interval[],
  context: ExplainContext,
): string {
  const { target, receivedMs, dueMs } = timing;
  const refYear = civilFromDayNumber(localDayOf(index, receivedMs)).year;
  const parts: string[] = [];
  const prefix = context.reason === undefined ? '' : `${context.reason}: `;

  if (target.unit === 'calendar_minutes') {
    parts.push(
      `${prefix}${amountText(target)} round the clock from ${instantText(index, receivedMs, refYear)}`,
    );
  } else if (target.unit === 'working_minutes') {
    const startMs = advanceWorkingMs(index, receivedMs, 0) ?? receivedMs;
    let head = `${prefix}${amountText(target)} from ${instantText(index, startMs, refYear)}`;
    if (startMs !== receivedMs)
      head += ` (received ${instantText(index, receivedMs, refYear)}, ${whyNotWorking(index, receivedMs)})`;
    parts.push(head);
    if (dueMs !== null) parts.push(...breaksCrossed(index, startMs, dueMs, refYear));
    pushCalendarDays(parts, index, localDayOf(index, startMs), dueMs ?? startMs, refYear);
  } else {
    const nominalMs = timing.nominalMs!;
    parts.push(
      `${prefix}${amountText(target)} after receipt: end of ${dayText(localDayOf(index, nominalMs), refYear)}`,
    );
    pushCalendarDays(parts, index, localDayOf(index, receivedMs) + 1, dueMs ?? nominalMs, refYear);
  }

  if (timing.heldSinceMs !== null) {
    parts.push(
      `clock stopped since ${instantText(index, timing.heldSinceMs, refYear)} (pause still open): no deadline until it resumes`,
    );
  } else if (timing.pausedMs > 0) {
    const paused = durationText(timing.pausedMs);
    if (target.unit === 'calendar_minutes') parts.push(`paused ${paused} before the deadline, added`);
    else if (target.unit === 'working_minutes')
      parts.push(`${paused} of working time paused before the deadline, added`);
    else
      parts.push(`plus ${paused} of working time paused before it: ${instantText(index, dueMs!, refYear)}`);
  }
  if (dueMs !== null) {
    const late = stops.filter((stop) => stop.start >= dueMs).length;
    if (late === 1) parts.push('a pause that began after the deadline does not move it');
    if (late > 1) parts.push(`${late} pauses that began after the deadline do not move it`);
  }
  if (context.comparison !== undefined) parts.push(context.comparison);
  if (context.uncoveredYears.length > 0) {
    parts.push(`no holiday data for ${context.uncoveredYears.join(', ')}: counted as weekends only, a guess`);
  }
  return parts.join('; ');
}

export function amountText(target: Target): string {
  const { amount } = target;
  switch (target.unit) {
    case 'calendar_minutes':
      return amount % 60 === 0 ? plural(amount / 60, 'hour') : plural(amount, 'minute');
    case 'working_minutes':
      return amount % 60 === 0 ? plural(amount / 60, 'working hour') : plural(amount, 'working minute');
    case 'working_days':
      return plural(amount, 'working day');
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "4 h 30 min", "45 min", "3 h" (rounded to the minute). */
export function durationText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / MS_PER_MINUTE));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "11:00 Wed 11 Mar" (the year only when it differs from the receipt's). */
function instantText(index: CalendarIndex, instantMs: number, refYear: number): string {
  const localMs = toLocalMs(index.zone, instantMs);
  return `${clockText(localMs)} ${dayText(Math.floor(localMs / MS_PER_DAY), refYear)}`;
}

function clockText(localMs: number): string {
  const msOfDay = localMs - Math.floor(localMs / MS_PER_DAY) * MS_PER_DAY;
  const seconds = Math.floor(msOfDay / 1000);
  const text = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}`;
  return seconds % 60 === 0 ? text : `${text}:${pad2(seconds % 60)}`;
}

function dayText(dayNumber: number, refYear: number): string {
  const { year, month, day } = civilFromDayNumber(dayNumber);
  const weekday = WEEKDAY_NAMES[isoWeekday(dayNumber) - 1]!;
  return `${weekday} ${day} ${MONTH_NAMES[month - 1]}${year === refYear ? '' : ` ${year}`}`;
}

function whyNotWorking(index: CalendarIndex, instantMs: number): string {
  const { override } = dayPlan(index, localDayOf(index, instantMs));
  return override?.kind === 'off' ? `on ${override.name || 'a holiday'}` : 'outside working hours';
}

/** Same-day breaks inside (start, due), e.g. "lunch 12:00–13:30 not counted", and the first overnight resumption. */
function breaksCrossed(index: CalendarIndex, startMs: number, dueMs: number, refYear: number): string[] {
  const notes: string[] = [];
  const firstDay = localDayOf(index, startMs);
  const lastDay = localDayOf(index, dueMs);
  let resumed = false;
  for (let day = firstDay; day <= lastDay; day++) {
    const { periods } = dayPlan(index, day);
    for (let i = 0; i < periods.length; i += 2) {
      const periodStart = periods[i]!;
      if (periodStart <= startMs || periodStart >= dueMs) continue;
      if (i > 0 && periods[i - 1]! >= startMs) {
        const gapStart = toLocalMs(index.zone, periods[i - 1]!);
        const gapMinute = (gapStart - day * MS_PER_DAY) / MS_PER_MINUTE;
        const label =
          gapMinute >= LUNCH_WINDOW_MINUTES[0]! && gapMinute <= LUNCH_WINDOW_MINUTES[1]! ? 'lunch' : 'break';
        const note = `${label} ${clockText(gapStart)}–${clockText(toLocalMs(index.zone, periodStart))} not counted`;
        if (!notes.includes(note)) notes.push(note);
      } else if (i === 0 && day > firstDay && !resumed) {
        notes.push(`resumes ${instantText(index, periodStart, refYear)}`);
        resumed = true;
      }
    }
  }
  return notes;
}

/** Holidays skipped ("skips 国庆节 1–7 Oct") and make-up working days counted, for days [fromDay, day of untilMs]. */
function pushCalendarDays(
  parts: string[],
  index: CalendarIndex,
  fromDay: number,
  untilMs: number,
  refYear: number,
): void {
  const lastDay = localDayOf(index, untilMs);
  const holidays: { name: string; first: number; last: number }[] = [];
  const makeUpDays: string[] = [];
  for (let day = fromDay; day <= lastDay; day++) {
    const { override } = dayPlan(index, day);
    if (override === undefined) continue;
    const name = override.name || 'holiday';
    if (override.kind === 'off') {
      const open = holidays[holidays.length - 1];
      if (open !== undefined && open.name === name && open.last === day - 1) open.last = day;
      else holidays.push({ name, first: day, last: day });
    } else if ((index.weeklyMinutes[isoWeekday(day)] ?? []).length === 0) {
      makeUpDays.push(`${dayText(day, refYear)} (${name})`);
    }
  }
  if (holidays.length > 0) {
    parts.push(
      `skips ${holidays.map((h) => `${h.name} ${dayRangeText(h.first, h.last, refYear)}`).join(', ')}`,
    );
  }
  if (makeUpDays.length === 1) parts.push(`counts make-up working day ${makeUpDays[0]}`);
  if (makeUpDays.length > 1) parts.push(`counts make-up working days ${makeUpDays.join(', ')}`);
}

/** "1–7 Oct", "28 Jan–3 Feb", "3 Jan". */
function dayRangeText(first: number, last: number, refYear: number): string {
  const a = civilFromDayNumber(first);
  const b = civilFromDayNumber(last);
  const yearB = b.year === refYear ? '' : ` ${b.year}`;
  if (first === last) return `${b.day} ${MONTH_NAMES[b.month - 1]}${yearB}`;
  if (a.year === b.year && a.month === b.month)
    return `${a.day}–${b.day} ${MONTH_NAMES[b.month - 1]}${yearB}`;
  const yearA = a.year === refYear ? '' : ` ${a.year}`;
  return `${a.day} ${MONTH_NAMES[a.month - 1]}${yearA}–${b.day} ${MONTH_NAMES[b.month - 1]}${yearB}`;
}
