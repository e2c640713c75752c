import fs from 'node:fs';
import { loadConfig } from '../config.ts';
import { AppError } from '../domain/app-error.ts';
import { attachmentsDirOf, restoreBackup } from '../services/backup.service.ts';
import { openConfigured } from './backup-command.ts';
import type { CliIo } from './cli-io.ts';
import { terminalProgress } from './progress.ts';

const RESTORE_USAGE = 'Usage: careloop restore FILE  (into an empty database and attachment folder)';

/** `careloop restore FILE`: into the database and attachment folder the configuration names, which must be empty. */
export async function runRestore(args: string[], io: CliIo): Promise<number> {
  const file = args.find((a) => !a.startsWith('-'));
  if (!file || args.includes('--help')) {
    io.stderr(RESTORE_USAGE);
    return file ? 0 : 2;
  }
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No file ${file}.`);
  const config = loadConfig();
  const database = await openConfigured(config, 'restore');
  const progress = terminalProgress();
  try {
    const summary = await restoreBackup({
      database,
      attachmentsDir: attachmentsDirOf(config),
      input: fs.createReadStream(file),
      ...(progress ? { onProgress: progress.update } : {}),
    });
    progress?.done();
    io.stdout(
      `restored ${summary.tables} tables, ${summary.rows} rows, ${summary.sequences} sequences, ${summary.files} attachments` +
        (summary.migrated.length ? `; then upgraded: ${summary.migrated.join(', ')}` : ''),
    );
    return 0;
  } catch (err) {
    progress?.done();
    throw err;
  } finally {
    await database.close();
  }
}
