import { loadConfig } from '../config.ts';
import { createAuditRepository } from '../store/audit.repository.ts';
import { openDatabase } from '../store/database.ts';
import type { CliIo } from './cli-io.ts';

const USAGE = `Usage:
  careloop audit verify                      check the hash chain; exit 1 naming the first broken row
  careloop audit export [--from ISO] [--to ISO]   the audit log as JSON lines on stdout`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `careloop audit verify|export`: for auditors and operators, straight from the database. */
export async function runAuditCommand(args: string[], io: CliIo): Promise<number> {
  const [sub] = args;
  if (sub !== 'verify' && sub !== 'export') {
    io.stderr(USAGE);
    return 2;
  }
  const dates: Record<string, Date> = {};
  for (const name of ['--from', '--to']) {
    const raw = option(args, name);
    if (raw === undefined) continue;
    const d = new Date(raw);
    if (Number.isNaN(d.getTime())) {
      io.stderr(`careloop audit: ${name} ${raw} is not a date (use 2026-01-31 or an ISO instant)`);
      return 2;
    }
    dates[name] = d;
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const audit = createAuditRepository(database.db);
    if (sub === 'verify') {
      const result = await audit.verify();
      if (result.ok) {
        const anchored = result.anchoredAt
          ? ` (anchored after row ${result.anchoredAt.lastDeletedId}; ${result.anchoredAt.deletedCount} rows removed by retention)`
          : '';
        // verify seals what has committed first; rows still pending were written during the check.
        const pending = result.pending > 0 ? `; ${result.pending} written since, not yet chained` : '';
        io.stdout(`audit chain OK: ${result.checked} rows${anchored}${pending}`);
        return 0;
      }
      io.stderr(
        `audit chain BROKEN at row ${result.broken!.id}: ${result.broken!.reason} (${result.checked} rows before it verify)`,
      );
      return 1;
    }
    let afterId: number | undefined;
    for (;;) {
      const rows = await audit.query({
        ...(dates['--from'] ? { from: dates['--from'] } : {}),
        ...(dates['--to'] ? { to: dates['--to'] } : {}),
        ...(afterId !== undefined ? { afterId } : {}),
        limit: 1000,
      });
      for (const r of rows) io.stdout(JSON.stringify({ ...r, at: r.at.toISOString() }));
      if (rows.length < 1000) return 0;
      afterId = rows[rows.length - 1]!.id;
    }
  } finally {
    await database.close();
  }
}
