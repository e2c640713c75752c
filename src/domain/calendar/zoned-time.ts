/**
 * Time-zone arithmetic for any IANA zone, DST-safe, with nothing but Intl.DateTimeFormat.
 *
 * Intl is the only source of truth about offsets, but one `formatToParts` call costs microseconds,
 * far too slow for the SLA hot path. So each zone keeps, per UTC day, the offset at the start of the
 * day and (if the offset changes during it) the exact second it changes. After the first call for a
 * day, an offset lookup is one Map read. Assumption: a zone changes its offset at most once within
 * one UTC day, true of every transition in the tz database.
 *
 * Conventions: instants are epoch milliseconds; a "local ms" is the local wall-clock time written
 * as if it were UTC (so `localMs = instant + offset`), which lets plain integer maths work on local
 * dates and times.
 */
import { AppError } from '../app-error.ts';
import { MS_PER_DAY } from './civil-date.ts';

const MS_PER_SECOND = 1000;
const LAST_SECOND_OF_DAY_MS = MS_PER_DAY - MS_PER_SECOND;
/** Caches are per day; past this many days a zone's cache is dropped and rebuilt on demand. */
const MAX_CACHED_DAYS_PER_ZONE = 50_000;

interface ZoneDay {
  /** Offset (ms) in force at the start of the UTC day. */
  before: number;
  /** Instant at which the offset changes during the day, or Infinity. */
  switchAt: number;
  /** Offset from `switchAt` to the end of the day. */
  after: number;
}

/** A time zone prepared for fast lookups. Obtain with `timeZoneIndex(name)`. */
export interface TimeZoneIndex {
  readonly name: string;
  readonly formatter: Intl.DateTimeFormat;
  readonly days: Map<number, ZoneDay>;
}

const zones = new Map<string, TimeZoneIndex>();

export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name === '') return false;
  if (zones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The cached index of a zone; throws CALENDAR_BAD_ZONE for names Intl does not know. */
export function timeZoneIndex(name: string): TimeZoneIndex {
  const cached = zones.get(name);
  if (cached !== undefined) return cached;
  if (!isValidTimeZone(name)) {
    throw new AppError(
      'CALENDAR_BAD_ZONE',
      `Unknown time zone '${name}' (expected an IANA name like Asia/Shanghai).`,
      {
        field: 'timeZone',
      },
    );
  }
  const index: TimeZoneIndex = {
    name,
    formatter: new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }),
    days: new Map(),
  };
  zones.set(name, index);
  return index;
}

/** Offset from UTC (ms, east positive) in force at `instantMs`. */
export function utcOffsetMs(zone: TimeZoneIndex, instantMs: number): number {
  const utcDay = Math.floor(instantMs / MS_PER_DAY);
  let day = zone.days.get(utcDay);
  if (day === undefined) {
    if (zone.days.size >= MAX_CACHED_DAYS_PER_ZONE) zone.days.clear();
    day = scanUtcDay(zone, utcDay);
    zone.days.set(utcDay, day);
  }
  return instantMs < day.switchAt ? day.before : day.after;
}

/** Local wall-clock time of an instant, as "local ms". */
export function toLocalMs(zone: TimeZoneIndex, instantMs: number): number {
  return instantMs + utcOffsetMs(zone, instantMs);
}

/** Day number (days since 1970-01-01) of the local date an instant falls on. */
export function localDayNumber(zone: TimeZoneIndex, instantMs: number): number {
  return Math.floor(toLocalMs(zone, instantMs) / MS_PER_DAY);
}

/**
 * The instant a local wall-clock time denotes. Like Temporal's 'compatible' disambiguation: a
 * time repeated when clocks go back takes its first (earlier) occurrence; a time skipped when
 * clocks go forward is moved forward by the length of the gap (01:30 in a 01:00→02:00 gap → 02:30).
 */
export function fromLocalMs(zone: TimeZoneIndex, localMs: number): number {
  const offsetBefore = utcOffsetMs(zone, localMs - MS_PER_DAY);
  const offsetAfter = utcOffsetMs(zone, localMs + MS_PER_DAY);
  const early = localMs - offsetBefore;
  if (offsetBefore === offsetAfter) return early;
  const earlyValid = utcOffsetMs(zone, early) === offsetBefore;
  const late = localMs - offsetAfter;
  const lateValid = utcOffsetMs(zone, late) === offsetAfter;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  // In the gap: read the wall time with the offset from before the jump, which lands after it.
  return early;
}

function scanUtcDay(zone: TimeZoneIndex, utcDay: number): ZoneDay {
  const start = utcDay * MS_PER_DAY;
  const before = intlOffsetMs(zone, start);
  const after = intlOffsetMs(zone, start + LAST_SECOND_OF_DAY_MS);
  if (before === after) return { before, switchAt: Number.POSITIVE_INFINITY, after };
  // Binary search the first second showing the new offset (transitions happen on whole seconds).
  let lo = start;
  let hi = start + LAST_SECOND_OF_DAY_MS;
  while (hi - lo > MS_PER_SECOND) {
    const mid = lo + Math.floor((hi - lo) / (2 * MS_PER_SECOND)) * MS_PER_SECOND;
    if (intlOffsetMs(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return { before, switchAt: hi, after };
}

/** The slow, authoritative path: ask Intl for the wall-clock fields of a whole-second instant. */
function intlOffsetMs(zone: TimeZoneIndex, wholeSecondMs: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of zone.formatter.formatToParts(new Date(wholeSecondMs))) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        bc = part.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  const wall = new Date(0);
  wall.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  return wall.getTime() - wholeSecondMs;
}
