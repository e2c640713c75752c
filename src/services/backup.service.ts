import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Config } from '../config.ts';
import { AppError } from '../domain/app-error.ts';
import { createBackupRepository, type SequenceValue, type TableInfo } from '../store/backup.repository.ts';
import type { Database } from '../store/database.ts';
import { migrate, migrationStatus, readMigrations } from '../store/migrate.ts';

/**
 * `careloop backup` / `restore`: one gzip file of JSON lines.
 *
 *   line 1   header  {format, formatVersion, careloopVersion, createdAt, backend, migrations, tables[{name, columns, rows}]}
 *            {"table": name}            then one JSON array of text values per row, in key order
 *            {"sequences": [...]}
 *            {"file": relPath, size, sha256}   then {"chunk": base64} lines
 *   last     trailer {"end": {lines, sha256, files, bytes}}
 *
 * The checksum covers every line before the trailer; it sits at the end because the file is streamed
 * (from a running server, possibly straight to another machine) and a header cannot know it. A file cut
 * short has no trailer and is refused. Database rows come from one snapshot; attachments are listed
 * after it, so every attachment the rows reference is in the file.
 */

export const BACKUP_FORMAT = 'careloop-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** Rows per read and per INSERT; also the progress granularity. */
const ROW_BATCH = 500;
/** PostgreSQL allows 65 535 bind parameters per statement; stay well below. */
const MAX_PARAMS_PER_INSERT = 30_000;
const ATTACHMENT_CHUNK_BYTES = 512 * 1024;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  careloopVersion: string;
  createdAt: string;
  backend: string;
  migrations: string[];
  tables: { name: string; columns: TableInfo['columns']; rows: number }[];
}

export interface BackupTrailer {
  lines: number;
  sha256: string;
  files: number;
  bytes: number;
}

export interface BackupProgress {
  phase: 'rows' | 'files';
  done: number;
  total: number;
}

export interface BackupSummary {
  tables: number;
  rows: number;
  sequences: number;
  files: number;
  bytes: number;
}

export interface BackupOptions {
  database: Database;
  version: string;
  /** Folder of attachments; skipped when absent or missing on disk. */
  attachmentsDir?: string | undefined;
  onProgress?: (p: BackupProgress) => void;
  now?: () => Date;
}

/** The attachment folder of a configuration (the default sits in the data folder). */
export function attachmentsDirOf(config: Config): string {
  const configured = (config as { attachmentsDir?: unknown }).attachmentsDir;
  return typeof configured === 'string' ? configured : path.join(config.dataDir, 'attachments');
}

function listFiles(root: string): { rel: string; size: number }[] {
  if (!fs.existsSync(root)) return [];
  const out: { rel: string; size: number }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        out.push({ rel: path.relative(root, full).split(path.sep).join('/'), size: fs.statSync(full).size });
    }
  };
  walk(root);
  return out;
}

/** Writes a backup to `output` (compressed here); resolves once `output` has everything. */
export async function writeBackup(options: BackupOptions & { output: Writable }): Promise<BackupSummary> {
  const { database, output } = options;
  const repo = createBackupRepository(database);
  const gzip = createGzip();
  gzip.pipe(output);
  const hash = createHash('sha256');
  let lines = 0;
  const put = async (value: unknown) => {
    const line = `${JSON.stringify(value)}\n`;
    hash.update(line);
    lines++;
    if (!gzip.write(line)) await once(gzip, 'drain');
  };

  try {
    const applied = (await migrationStatus(database)).applied;
    const summary: BackupSummary = { tables: 0, rows: 0, sequences: 0, files: 0, bytes: 0 };
    await repo.snapshot(async (tx) => {
      const tables = await repo.tables(tx);
      const counted = [];
      for (const t of tables)
        counted.push({ name: t.name, columns: t.columns, rows: await repo.countRows(tx, t.name) });
      const total = counted.reduce((n, t) => n + t.rows, 0);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        careloopVersion: options.version,
        createdAt: (options.now?.() ?? new Date()).toISOString(),
        backend: database.backend,
        migrations: applied,
        tables: counted,
      };
      await put(header);
      for (const t of tables) {
        await put({ table: t.name });
        for await (const batch of repo.readRows(tx, t, ROW_BATCH)) {
          for (const row of batch) await put(row);
          summary.rows += batch.length;
          options.onProgress?.({ phase: 'rows', done: summary.rows, total });
        }
      }
      // Read inside the snapshot, after the rows: every id the rows hold is at or below these values.
      const sequences = await repo.sequences(tx);
      await put({ sequences });
      summary.tables = tables.length;
      summary.sequences = sequences.length;
    });

    const files = options.attachmentsDir ? listFiles(options.attachmentsDir) : [];
    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    for (const f of files) {
      const data = fs.readFileSync(path.join(options.attachmentsDir!, f.rel));
      await put({ file: f.rel, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
      for (let at = 0; at < data.length; at += ATTACHMENT_CHUNK_BYTES) {
        await put({ chunk: data.subarray(at, at + ATTACHMENT_CHUNK_BYTES).toString('base64') });
      }
      summary.files++;
      summary.bytes += data.length;
      options.onProgress?.({ phase: 'files', done: summary.bytes, total: totalBytes });
    }
    const trailer: BackupTrailer = {
      lines,
      sha256: hash.digest('hex'),
      files: summary.files,
      bytes: summary.bytes,
    };
    const last = `${JSON.stringify({ end: trailer })}\n`;
    if (!gzip.write(last)) await once(gzip, 'drain');
    gzip.end();
    await finished(output);
    return summary;
  } catch (err) {
    // A reader must see a broken file, never a complete-looking one: no trailer is written.
    gzip.destroy(err as Error);
    output.destroy(err as Error);
    throw err;
  }
}

function corrupt(message: string): AppError {
  return new AppError('BACKUP_INVALID', `This is not a complete CareLoop backup: ${message}`);
}

/** Reads a backup's header only (for `careloop restore --info` and the checks before a restore). */
export async function readBackupHeader(input: Readable): Promise<BackupHeader> {
  const rl = readline.createInterface({
    input: input.pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  try {
    for await (const line of rl) return parseHeader(line);
    throw corrupt('the file is empty');
  } finally {
    rl.close();
    input.destroy();
  }
}

function parseHeader(line: string): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line);
  } catch {
    throw corrupt('the first line is not a backup header');
  }
  if (header?.format !== BACKUP_FORMAT) throw corrupt('the first line is not a backup header');
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new AppError(
      'BACKUP_TOO_NEW',
      `The backup was written by CareLoop ${header.careloopVersion} in format ${header.formatVersion}; this version reads format ${BACKUP_FORMAT_VERSION}. Restore it with that version or newer.`,
    );
  }
  return header;
}

/**
 * Restores into an empty database (and an empty attachment folder): brings the schema to the backup's
 * migration, loads every row in one transaction, resets the sequences, checks the checksum and the row
 * counts before committing, then applies this version's newer migrations — so restoring an old backup
 * is also an upgrade.
 */
export async function restoreBackup(
  options: Omit<BackupOptions, 'version' | 'now'> & { input: Readable },
): Promise<BackupSummary & { migrated: string[] }> {
  const { database, input } = options;
  const repo = createBackupRepository(database);
  const known = readMigrations();
  const rl = readline.createInterface({
    input: input.pipe(createGunzip()),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const lines = rl[Symbol.asyncIterator]();
  const written: string[] = [];
  try {
    const first = await lines.next();
    if (first.done) throw corrupt('the file is empty');
    const header = parseHeader(first.value);
    const hash = createHash('sha256').update(`${first.value}\n`);
    let lineCount = 1;

    const unknown = header.migrations.filter((m) => !known.some((k) => k.name === m));
    if (unknown.length > 0) {
      throw new AppError(
        'BACKUP_TOO_NEW',
        `The backup comes from a newer CareLoop (${header.careloopVersion}; migrations ${unknown.join(', ')}). Restore it with that version.`,
      );
    }
    const status = await migrationStatus(database);
    if (status.unknown.length > 0) {
      throw new AppError(
        'RESTORE_TARGET_NOT_EMPTY',
        'The target database was used by a newer CareLoop; restore into an empty one.',
      );
    }
    const filled = await repo.nonEmptyTables();
    if (filled.length > 0) {
      throw new AppError(
        'RESTORE_TARGET_NOT_EMPTY',
        `The target database is not empty (rows in ${filled.slice(0, 5).join(', ')}${filled.length > 5 ? ' …' : ''}). Restore only into a new, empty database — it never overwrites data.`,
      );
    }
    if (options.attachmentsDir && listFiles(options.attachmentsDir).length > 0) {
      throw new AppError(
        'RESTORE_TARGET_NOT_EMPTY',
        `The attachment folder ${options.attachmentsDir} is not empty. Restore into an empty folder.`,
      );
    }
    // The schema the rows were written with; newer migrations run after the load, as an upgrade.
    await migrate(
      database,
      known.filter((m) => header.migrations.includes(m.name)),
    );

    const totalRows = header.tables.reduce((n, t) => n + t.rows, 0);
    const summary: BackupSummary = {
      tables: header.tables.length,
      rows: 0,
      sequences: 0,
      files: 0,
      bytes: 0,
    };
    await repo.loading(async (tx) => {
      const targetTables = new Map((await repo.tables(tx)).map((t) => [t.name, t]));
      let table: TableInfo | null = null;
      let tableRows = 0;
      let batch: (string | null)[][] = [];
      let batchLimit = ROW_BATCH;
      let file: {
        rel: string;
        size: number;
        sha256: string;
        fd: number;
        hash: ReturnType<typeof createHash>;
        written: number;
      } | null = null;
      const countsSeen = new Map<string, number>();

      const flush = async () => {
        if (table && batch.length) {
          await repo.insertRows(tx, table, batch);
          summary.rows += batch.length;
          options.onProgress?.({ phase: 'rows', done: summary.rows, total: totalRows });
        }
        batch = [];
      };
      const closeTable = async () => {
        await flush();
        if (table) countsSeen.set(table.name, tableRows);
        table = null;
      };
      const closeFile = () => {
        if (!file) return;
        fs.closeSync(file.fd);
        if (file.written !== file.size || file.hash.digest('hex') !== file.sha256) {
          throw corrupt(`attachment ${file.rel} does not match its checksum`);
        }
        summary.files++;
        summary.bytes += file.size;
        file = null;
      };

      for (;;) {
        const next = await lines.next();
        if (next.done) throw corrupt('it ends before its last line (was the backup interrupted?)');
        const line = next.value;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          throw corrupt(`line ${lineCount + 1} is not JSON`);
        }
        if (value && typeof value === 'object' && 'end' in value) {
          await closeTable();
          closeFile();
          const trailer = (value as { end: BackupTrailer }).end;
          if (trailer.lines !== lineCount || trailer.sha256 !== hash.digest('hex')) {
            throw corrupt('its checksum does not match (the file is damaged)');
          }
          for (const t of header.tables) {
            if ((countsSeen.get(t.name) ?? 0) !== t.rows) {
              throw corrupt(
                `table ${t.name} should have ${t.rows} rows, the file holds ${countsSeen.get(t.name) ?? 0}`,
              );
            }
          }
          if (trailer.files !== summary.files) throw corrupt('attachments are missing');
          break;
        }
        hash.update(`${line}\n`);
        lineCount++;
        if (Array.isArray(value)) {
          if (!table) throw corrupt(`row outside a table at line ${lineCount}`);
          batch.push(value as (string | null)[]);
          tableRows++;
          if (batch.length >= batchLimit) await flush();
        } else if (value && typeof value === 'object' && 'table' in value) {
          await closeTable();
          const name = String((value as { table: string }).table);
          const declared = header.tables.find((t) => t.name === name);
          const target = targetTables.get(name);
          if (!declared || !target) throw corrupt(`table ${name} is not in this schema`);
          const same =
            declared.columns.length === target.columns.length &&
            declared.columns.every(
              (c, i) => c.name === target.columns[i]!.name && c.type === target.columns[i]!.type,
            );
          if (!same) throw corrupt(`the columns of ${name} differ from the schema at the backup's migration`);
          table = target;
          tableRows = 0;
          batchLimit = Math.max(
            1,
            Math.min(ROW_BATCH, Math.floor(MAX_PARAMS_PER_INSERT / target.columns.length)),
          );
        } else if (value && typeof value === 'object' && 'sequences' in value) {
          await closeTable();
          for (const seq of (value as { sequences: SequenceValue[] }).sequences) {
            await repo.setSequence(tx, seq);
            summary.sequences++;
          }
        } else if (value && typeof value === 'object' && 'file' in value) {
          await closeTable();
          closeFile();
          if (!options.attachmentsDir)
            throw corrupt('it holds attachments but no attachment folder is configured');
          const meta = value as { file: string; size: number; sha256: string };
          const target = path.resolve(options.attachmentsDir, meta.file);
          // A crafted file must not write outside the attachment folder.
          if (!target.startsWith(path.resolve(options.attachmentsDir) + path.sep))
            throw corrupt(`bad attachment path ${meta.file}`);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          written.push(target);
          file = {
            rel: meta.file,
            size: meta.size,
            sha256: meta.sha256,
            fd: fs.openSync(target, 'wx'),
            hash: createHash('sha256'),
            written: 0,
          };
        } else if (value && typeof value === 'object' && 'chunk' in value) {
          if (!file) throw corrupt(`data outside an attachment at line ${lineCount}`);
          const data = Buffer.from((value as { chunk: string }).chunk, 'base64');
          fs.writeSync(file.fd, data);
          file.hash.update(data);
          file.written += data.length;
          options.onProgress?.({ phase: 'files', done: summary.bytes + file.written, total: 0 });
        } else {
          throw corrupt(`unexpected line ${lineCount}`);
        }
      }
    });
    const migrated = await migrate(database);
    return { ...summary, migrated };
  } catch (err) {
    // The database transaction rolled back; remove the files this attempt wrote.
    for (const f of written) fs.rmSync(f, { force: true });
    throw err;
  } finally {
    rl.close();
    input.destroy();
  }
}
