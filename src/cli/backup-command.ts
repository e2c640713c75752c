import fs from 'node:fs';
import { type Config, loadConfig } from '../config.ts';
import { AppError, isAppError } from '../domain/app-error.ts';
import { attachmentsDirOf, writeBackup } from '../services/backup.service.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { VERSION } from '../version.ts';
import type { CliIo } from './cli-io.ts';
import { terminalProgress } from './progress.ts';

const BACKUP_USAGE =
  'Usage: careloop backup FILE   (writes a compressed backup of the database and attachments)';

export async function openConfigured(config: Config, action: string): Promise<Database> {
  try {
    return await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    if (isAppError(err) && err.code === 'DATA_DIR_LOCKED' && action === 'backup') {
      // The running server owns the embedded database; it can write the backup itself.
      throw new AppError(
        'DATA_DIR_LOCKED',
        `${err.message}\nThe embedded database can be backed up while the server runs by asking the server for it:\n` +
          `  curl -c jar -H "content-type: application/json" -d '{"username":"admin","password":"…"}' http://127.0.0.1:${config.port}/api/v1/auth/login\n` +
          `  curl -b jar -H "x-careloop-csrf: 1" -X POST -o careloop.backup.gz http://127.0.0.1:${config.port}/api/v1/admin/backup\n` +
          '(see docs/deploy.md, "Backups").',
      );
    }
    throw err;
  }
}

/** `careloop backup FILE`: consistent while the server runs (PostgreSQL); see the lock message for embedded. */
export async function runBackup(args: string[], io: CliIo): Promise<number> {
  const file = args.find((a) => !a.startsWith('-'));
  if (!file || args.includes('--help')) {
    io.stderr(BACKUP_USAGE);
    return file ? 0 : 2;
  }
  const config = loadConfig();
  const database = await openConfigured(config, 'backup');
  // Written beside the target and renamed at the end: a half-written backup never carries the final name.
  const partial = `${file}.partial`;
  const progress = terminalProgress();
  try {
    const summary = await writeBackup({
      database,
      version: VERSION,
      attachmentsDir: attachmentsDirOf(config),
      output: fs.createWriteStream(partial),
      ...(progress ? { onProgress: progress.update } : {}),
    });
    progress?.done();
    fs.renameSync(partial, file);
    io.stdout(
      `backup written to ${file}: ${summary.tables} tables, ${summary.rows} rows, ${summary.files} attachments (${summary.bytes} bytes)`,
    );
    return 0;
  } catch (err) {
    progress?.done();
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    await database.close();
  }
}
