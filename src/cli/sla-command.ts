/**
 * `careloop sla due …`: the command-line contract of sla.md ("Command-line contract").
 *
 *   careloop sla due --level N --received ISO [--vip] [--flag complex|multi-department]
 *                    [--pause ISO/ISO]... [--calendar ID] [--tz IANA]
 *     → {"firstResponseDue":ISO,"resolutionDue":ISO}, exit 0; bad input → one line on stderr, exit 2.
 *   careloop sla due --jsonl FILE
 *     → one {"id","firstResponseDue","resolutionDue"} or {"id","error"} per input line, in order;
 *       exit 0 when every line succeeded, 1 when some failed (their error lines are printed), 2 when
 *       the arguments or the file itself are unusable.
 *
 * Instants are printed with the local offset of --tz, or of the calendar's own zone without it (both
 * seeds use Asia/Shanghai, the spec's default). Input instants must carry an offset or Z: guessing a
 * zone for "10:00" is exactly the bug this engine exists to prevent. A year the calendar has no
 * holiday data for triggers a warning on stderr (the deadline is still printed).
 *
 * I/O comes in through `io` so tests run it with stubs; main.ts wires it to the process. Each
 * `stdout`/`stderr` call is one complete line ending in "\n" (wire them to process.stdout.write).
 */
import { AppError, isAppError } from '../domain/app-error.ts';
import { missingYears, type WorkingCalendar } from '../domain/calendar/calendar.ts';
import {
  civilFromDayNumber,
  dayNumberFromCivil,
  daysInMonth,
  MS_PER_DAY,
  MS_PER_MINUTE,
  pad2,
} from '../domain/calendar/civil-date.ts';
import { DEFAULT_CALENDAR_ID } from '../domain/calendar/seed-calendars.ts';
import { localDayNumber, timeZoneIndex, toLocalMs } from '../domain/calendar/zoned-time.ts';
import { computeDeadlines } from '../domain/sla/compute-deadlines.ts';
import type { SlaPause } from '../domain/sla/pauses.ts';
import { DEFAULT_SLA_POLICY, type TicketFlags } from '../domain/sla/sla-policy.ts';

export interface SlaCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  resolveCalendar: (id: string) => Promise<WorkingCalendar>;
  readFile: (path: string) => Promise<string>;
}

export const EXIT_OK = 0;
export const EXIT_SOME_LINES_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = [
  'usage: careloop sla due --level N --received ISO [--vip] [--flag complex|multi-department]',
  '                        [--pause ISO/ISO]... [--calendar cn-mainland|weekends|ID] [--tz IANA]',
  '       careloop sla due --jsonl FILE',
  'Instants need an offset (2026-03-11T10:00:00+08:00 or …Z); an open pause is written ISO/.',
].join('\n');

/** One ticket's inputs, parsed. */
interface DueRequest {
  level: number;
  receivedAt: Date;
  vip: boolean;
  flags: TicketFlags;
  pauses: SlaPause[];
  calendarId: string;
  timeZone: string | undefined;
}

interface DueResult {
  firstResponseDue: string | null;
  resolutionDue: string | null;
  warnings: string[];
}

export async function runSlaCommand(args: string[], io: SlaCommandIo): Promise<number> {
  const words = args[0] === 'sla' ? args.slice(1) : args;
  const [subcommand, ...rest] = words;
  if (subcommand === undefined || subcommand === 'help' || subcommand === '--help' || subcommand === '-h') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (subcommand !== 'due') {
    io.stderr(`error: unknown command 'sla ${subcommand}' (try: careloop sla due --help)\n`);
    return EXIT_BAD_INPUT;
  }
  const calendars = calendarCache(io.resolveCalendar);
  const warned = new Set<string>();
  const warnOnce = (warning: string) => {
    if (!warned.has(warning)) io.stderr(`warning: ${warning}\n`);
    warned.add(warning);
  };
  try {
    const options = parseOptions(rest);
    if (options.has('help')) {
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    }
    const jsonl = options.get('jsonl');
    if (jsonl !== undefined) {
      const others = [...options.keys()].filter((key) => key !== 'jsonl');
      if (others.length > 0) throw usage(`--jsonl takes no other options (got --${others.join(', --')})`);
      return await runBatch(jsonl[0]!, io, calendars, warnOnce);
    }
    const result = await dueFor(requestFromOptions(options), calendars);
    result.warnings.forEach(warnOnce);
    io.stdout(
      `${JSON.stringify({ firstResponseDue: result.firstResponseDue, resolutionDue: result.resolutionDue })}\n`,
    );
    return EXIT_OK;
  } catch (err) {
    io.stderr(`error: ${messageOf(err)}\n`);
    return EXIT_BAD_INPUT;
  }
}

/** ISO 8601 with the zone's offset at that instant: 2026-03-11T12:00:00+08:00 (ms only when non-zero). */
export function formatInstant(date: Date, timeZone: string): string {
  const instantMs = date.getTime();
  const localMs = toLocalMs(timeZoneIndex(timeZone), instantMs);
  const dayNumber = Math.floor(localMs / MS_PER_DAY);
  const { year, month, day } = civilFromDayNumber(dayNumber);
  const msOfDay = localMs - dayNumber * MS_PER_DAY;
  const seconds = Math.floor(msOfDay / 1000);
  const millis = msOfDay % 1000;
  const time = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${time}${fraction}${offsetText(localMs - instantMs)}`;
}

function offsetText(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const totalSeconds = Math.abs(offsetMs) / 1000;
  const text = `${sign}${pad2(Math.floor(totalSeconds / 3600))}:${pad2(Math.floor(totalSeconds / 60) % 60)}`;
  // Offsets with seconds exist only in pre-1900 local mean time; print them rather than round.
  return totalSeconds % 60 === 0 ? text : `${text}:${pad2(totalSeconds % 60)}`;
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)$/i;

/** An ISO 8601 instant with an offset or Z; null for anything else (including impossible dates). */
export function parseIsoInstant(text: string): Date | null {
  const m = ISO_INSTANT.exec(text.trim());
  if (m === null) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return null;
  const offsetMs = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * MS_PER_MINUTE;
  const localMs =
    dayNumberFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return new Date(localMs - offsetMs);
}

// ---- options -----------------------------------------------------------------------------------

const VALUE_OPTIONS = new Set(['level', 'received', 'flag', 'pause', 'calendar', 'tz', 'jsonl']);
const REPEATABLE_OPTIONS = new Set(['flag', 'pause']);
const SWITCH_OPTIONS = new Set(['vip', 'help']);

function parseOptions(args: readonly string[]): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw usage(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    let value: string;
    if (SWITCH_OPTIONS.has(name)) {
      if (eq !== -1) throw usage(`--${name} takes no value`);
      value = '';
    } else if (VALUE_OPTIONS.has(name)) {
      const next = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (next === undefined || (eq === -1 && next.startsWith('--'))) throw usage(`--${name} needs a value`);
      value = next;
    } else {
      throw usage(`unknown option --${name}`);
    }
    const values = options.get(name) ?? [];
    if (values.length > 0 && !REPEATABLE_OPTIONS.has(name)) throw usage(`--${name} given more than once`);
    options.set(name, [...values, value]);
  }
  return options;
}

function requestFromOptions(options: Map<string, string[]>): DueRequest {
  const level = options.get('level')?.[0];
  const received = options.get('received')?.[0];
  if (level === undefined) throw usage('--level is required');
  if (received === undefined) throw usage('--received is required');
  return {
    level: parseLevel(level),
    receivedAt: parseInstant(received, '--received'),
    vip: options.has('vip'),
    flags: parseFlags(options.get('flag') ?? []),
    pauses: (options.get('pause') ?? []).map(parsePauseText),
    calendarId: options.get('calendar')?.[0] ?? DEFAULT_CALENDAR_ID,
    timeZone: options.get('tz')?.[0],
  };
}

function parseLevel(value: unknown): number {
  const level = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof level !== 'number' || !Number.isInteger(level))
    throw usage(`level must be a whole number, got ${JSON.stringify(value)}`);
  return level;
}

function parseInstant(value: unknown, what: string): Date {
  const instant = typeof value === 'string' ? parseIsoInstant(value) : null;
  if (instant === null) {
    throw usage(
      `${what} ${JSON.stringify(value)} is not an ISO 8601 instant with an offset (e.g. 2026-03-11T10:00:00+08:00)`,
    );
  }
  return instant;
}

function parseFlags(values: readonly unknown[]): TicketFlags {
  const flags: TicketFlags = {};
  for (const value of values) {
    if (value === 'complex') flags.complex = true;
    else if (value === 'multi-department') flags.multiDepartment = true;
    else throw usage(`unknown flag ${JSON.stringify(value)} (expected complex or multi-department)`);
  }
  return flags;
}

function parsePauseText(text: string): SlaPause {
  const parts = text.split('/');
  if (parts.length !== 2)
    throw usage(`--pause '${text}' must be START/END (END empty or .. while still paused)`);
  return parsePause(parts[0], parts[1] === '' || parts[1] === '..' ? null : parts[1]);
}

function parsePause(start: unknown, end: unknown): SlaPause {
  return {
    start: parseInstant(start, 'pause start'),
    end: end === null || end === undefined ? null : parseInstant(end, 'pause end'),
  };
}

// ---- computing ---------------------------------------------------------------------------------

interface CalendarCache {
  get(id: string, timeZone: string | undefined): Promise<WorkingCalendar>;
}

/** Resolves each calendar once, and keeps one object per (calendar, --tz) so its caches are reused. */
function calendarCache(resolve: (id: string) => Promise<WorkingCalendar>): CalendarCache {
  const resolved = new Map<string, Promise<WorkingCalendar>>();
  const zoned = new Map<string, WorkingCalendar>();
  return {
    async get(id, timeZone) {
      let pending = resolved.get(id);
      if (pending === undefined) {
        pending = resolve(id);
        resolved.set(id, pending);
      }
      const calendar = await pending;
      if (timeZone === undefined || timeZone === calendar.timeZone) return calendar;
      timeZoneIndex(timeZone); // throws CALENDAR_BAD_ZONE with a clear message
      const key = `${id}\u0000${timeZone}`;
      let moved = zoned.get(key);
      if (moved === undefined) {
        moved = { ...calendar, timeZone };
        zoned.set(key, moved);
      }
      return moved;
    },
  };
}

async function dueFor(request: DueRequest, calendars: CalendarCache): Promise<DueResult> {
  const calendar = await calendars.get(request.calendarId, request.timeZone);
  const deadlines = computeDeadlines({
    policy: DEFAULT_SLA_POLICY,
    calendar,
    level: request.level,
    receivedAt: request.receivedAt,
    vip: request.vip,
    flags: request.flags,
    pauses: request.pauses,
  });
  const { dueAt: firstDue } = deadlines.firstResponse;
  const { dueAt: resolutionDue } = deadlines.resolution;
  const zone = timeZoneIndex(calendar.timeZone);
  const yearOf = (date: Date) => civilFromDayNumber(localDayNumber(zone, date.getTime())).year;
  const lastDue = Math.max(
    request.receivedAt.getTime(),
    firstDue?.getTime() ?? 0,
    resolutionDue?.getTime() ?? 0,
  );
  const warnings = missingYears(calendar, yearOf(request.receivedAt), yearOf(new Date(lastDue))).map(
    (year) => `calendar ${calendar.id} has no holiday data for ${year}; treating it as weekends only`,
  );
  return {
    firstResponseDue: firstDue === null ? null : formatInstant(firstDue, calendar.timeZone),
    resolutionDue: resolutionDue === null ? null : formatInstant(resolutionDue, calendar.timeZone),
    warnings,
  };
}

async function runBatch(
  path: string,
  io: SlaCommandIo,
  calendars: CalendarCache,
  warnOnce: (w: string) => void,
): Promise<number> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (err) {
    throw usage(`cannot read ${path}: ${messageOf(err)}`);
  }
  let failures = 0;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      const record = parseRecord(line);
      id = record.id ?? null;
      const result = await dueFor(requestFromRecord(record), calendars);
      result.warnings.forEach(warnOnce);
      io.stdout(
        `${JSON.stringify({ id, firstResponseDue: result.firstResponseDue, resolutionDue: result.resolutionDue })}\n`,
      );
    } catch (err) {
      failures++;
      io.stdout(`${JSON.stringify({ id, error: `line ${n + 1}: ${messageOf(err)}` })}\n`);
    }
  }
  return failures === 0 ? EXIT_OK : EXIT_SOME_LINES_FAILED;
}

function parseRecord(line: string): Record<string, unknown> {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw usage('not a JSON object');
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    throw usage('not a JSON object');
  return record as Record<string, unknown>;
}

/** A JSONL record in the shape of sla-examples.jsonl: id, level, received, vip?, flag?, pauses?, cal?, tz?. */
function requestFromRecord(record: Record<string, unknown>): DueRequest {
  if (record.level === undefined) throw usage('"level" is required');
  if (record.received === undefined) throw usage('"received" is required');
  if (record.vip !== undefined && record.vip !== null && typeof record.vip !== 'boolean')
    throw usage('"vip" must be true or false');
  const flag = record.flag;
  const flags = parseFlags(flag === undefined || flag === null ? [] : Array.isArray(flag) ? flag : [flag]);
  const pauses = record.pauses ?? [];
  if (!Array.isArray(pauses)) throw usage('"pauses" must be a list of [start, end] pairs');
  for (const field of ['cal', 'tz'] as const) {
    if (record[field] !== undefined && typeof record[field] !== 'string')
      throw usage(`"${field}" must be text`);
  }
  return {
    level: parseLevel(record.level),
    receivedAt: parseInstant(record.received, '"received"'),
    vip: record.vip === true,
    flags,
    pauses: pauses.map((pair: unknown) => {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw usage('each pause must be a [start, end] pair (end null while paused)');
      return parsePause(pair[0], pair[1]);
    }),
    calendarId: (record.cal as string | undefined) ?? DEFAULT_CALENDAR_ID,
    timeZone: record.tz as string | undefined,
  };
}

function usage(message: string): AppError {
  return new AppError('CLI_BAD_ARGUMENT', message);
}

/** The error's message on one line (the contract promises one-line messages). */
function messageOf(err: unknown): string {
  const message = isAppError(err) || err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ');
}
