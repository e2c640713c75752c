import { ConfigError, loadConfig } from '../config.ts';
import { isAppError } from '../domain/app-error.ts';
import { seedSlaData } from '../services/sla-setup.ts';
import { openDatabase } from '../store/database.ts';
import { migrate, migrationStatus } from '../store/migrate.ts';
import { VERSION } from '../version.ts';
import { type CliIo, processIo } from './cli-io.ts';

const USAGE = `Usage: careloop <command> [options]

Commands:
  serve                 run the server (PORT, DATABASE_URL, CARELOOP_DATA_DIR …; see README)
  migrate [--status]    apply pending database migrations, or list them
  version               print the version
  audit verify|export   check the audit log's hash chain; export it as JSON lines (--from --to)
  keys rotate|status    rotate the key that encrypts contact details; show which keys are in use
  backup FILE           write a compressed backup of the database and attachments
  restore FILE          restore a backup into an empty database (either backend)
  sla due …             compute SLA deadlines (see docs: careloop sla due --help)
  calendar import FILE --calendar ID | list   working calendars: load holiday-cn years, list gaps
  triage "TEXT"         triage one text; --jsonl FILE; --eval FILE
`;

async function runMigrate(args: string[], io: CliIo): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (args.includes('--status')) {
      const status = await migrationStatus(database);
      io.stdout(JSON.stringify(status));
      return status.unknown.length > 0 ? 1 : 0;
    }
    const applied = await migrate(database);
    await seedSlaData(database, new Date());
    io.stdout(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  } finally {
    await database.close();
  }
}

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Subcommands load lazily so `careloop version` or `triage` do not pay for the server's imports. */
const COMMANDS: Record<string, Command> = {
  serve: async (_args, io) => (await import('./serve-command.ts')).runServe(io),
  migrate: runMigrate,
  audit: async (args, io) => (await import('./audit-command.ts')).runAuditCommand(args, io),
  keys: async (args, io) => (await import('./keys-command.ts')).runKeysCommand(args, io),
  backup: async (args, io) => (await import('./backup-command.ts')).runBackup(args, io),
  restore: async (args, io) => (await import('./restore-command.ts')).runRestore(args, io),
  // Built-in calendars; the server resolves institution calendars from the database.
  sla: async (args, io) => {
    const [{ runSlaCommand }, { resolveSeedCalendar }] = await Promise.all([
      import('./sla-command.ts'),
      import('../domain/calendar/seed-calendars.ts'),
    ]);
    return runSlaCommand(args, { ...io, resolveCalendar: resolveSeedCalendar });
  },
  calendar: async (args, io) =>
    (await import('./calendar-command.ts')).runCalendarCommand(args, {
      ...io,
      openDatabase: () => {
        const config = loadConfig();
        return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      },
      now: () => new Date(),
    }),
  triage: async (args, io) => (await import('./triage-command.ts')).runTriageCommand(args, io),
  version: async (_args, io) => {
    io.stdout(VERSION);
    return 0;
  },
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`careloop: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (err) {
    if (err instanceof ConfigError || isAppError(err)) {
      io.stderr(`careloop ${name}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli/main.ts')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`careloop: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
