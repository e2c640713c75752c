/**
 * `careloop calendar …`: working calendars in the database.
 *
 *   careloop calendar import FILE --calendar ID   load one holiday-cn year file (all or nothing)
 *   careloop calendar list                        calendars, covered years, missing current/next year
 *
 * Both print JSON on stdout; calendars lacking holiday data for the current or next year are named on
 * stderr (deadlines there are guesses). Exit 0 on success, 1 on a coded error (main.ts prints it:
 * nothing was imported), 2 on bad usage.
 */
import { createCalendarService, describeGap } from '../services/calendar.service.ts';
import { seedSlaData } from '../services/sla-setup.ts';
import type { Database } from '../store/database.ts';
import { migrate } from '../store/migrate.ts';
import type { CliIo } from './cli-io.ts';

export interface CalendarCommandIo extends CliIo {
  /** Opens the configured database (main.ts) or a test database. */
  openDatabase: () => Promise<Database>;
  now: () => Date;
}

const USAGE = [
  'usage: careloop calendar import FILE --calendar ID   load a holiday-cn year file into a calendar',
  '       careloop calendar list                        list calendars and their missing years',
].join('\n');

export async function runCalendarCommand(args: string[], io: CalendarCommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') {
    const calendarAt = rest.indexOf('--calendar');
    const calendarId = calendarAt >= 0 ? rest[calendarAt + 1] : undefined;
    const files = rest.filter((_, i) => i !== calendarAt && i !== calendarAt + 1);
    if (!calendarId || files.length !== 1) {
      io.stderr(`careloop calendar import: give one FILE and --calendar ID\n${USAGE}`);
      return 2;
    }
    const text = await io.readFile(files[0]!);
    return withCalendars(io, async (calendars, now) => {
      io.stdout(JSON.stringify(await calendars.importHolidayCn(calendarId, text, now)));
    });
  }
  if (sub === 'list') {
    return withCalendars(io, async (calendars, now) => {
      for (const calendar of await calendars.list(now)) io.stdout(JSON.stringify(calendar));
    });
  }
  io.stderr(
    sub === undefined || sub === '--help'
      ? USAGE
      : `careloop calendar: unknown subcommand "${sub}"\n${USAGE}`,
  );
  return sub === '--help' ? 0 : 2;
}

async function withCalendars(
  io: CalendarCommandIo,
  work: (calendars: ReturnType<typeof createCalendarService>, now: Date) => Promise<void>,
): Promise<number> {
  const database = await io.openDatabase();
  try {
    const now = io.now();
    // The command may run before any server did: bring the schema and the built-in calendars first.
    await migrate(database);
    await seedSlaData(database, now);
    const calendars = createCalendarService({ database });
    await work(calendars, now);
    for (const gap of await calendars.calendarCoverage(now)) io.stderr(`warning: ${describeGap(gap)}`);
    return 0;
  } finally {
    await database.close();
  }
}
