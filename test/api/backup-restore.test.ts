import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createRuntime } from '../../src/server.ts';
import { type BackupHeader, restoreBackup, writeBackup } from '../../src/services/backup.service.ts';
import { createBackupRepository } from '../../src/store/backup.repository.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import {
  createPgDatabase,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  TEST_ADMIN_PASSWORD,
  type TestRuntime,
  testConfig,
} from '../support/backends.ts';

/**
 * The migration path of a hospital that outgrows one machine, and back: embedded → file → PostgreSQL →
 * file → embedded, comparing every table row for row, every sequence and every attachment.
 */

// Not part of the product schema: a table with the awkward types, to prove the dump is type-exact.
const PROBE_TABLE = `CREATE TABLE backup_type_probe (
  id bigint PRIMARY KEY, b bytea, j jsonb, ts timestamptz, t timestamp, d date, n numeric(20,6),
  arr text[], big bigint, iv interval, f double precision, bo boolean, u uuid, tx text)`;
const PROBE_ROWS = `INSERT INTO backup_type_probe VALUES
  (1, '\\x00ff10'::bytea, '{"a":[1,2,{"b":null}],"z":"引号\\""}', '2026-03-11 10:00:00.123456+08', '2026-01-01 00:00:00.5',
   '2028-02-29'::date, 12345678901234.123456, ARRAY['a','b,c',NULL,'д'], 9007199254740993, '1 day 02:03:04', 0.1, true,
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', E'line1\\nline2\\ttab'),
  (2, NULL, 'null', NULL, NULL, NULL, NULL, '{}', -1, NULL, 'NaN', false, NULL, '')`;

const TICKETS = 12;
// Four databases are opened and filled on a shared machine: generous limits, no timing assertions.
const SLOW_MS = 240_000;

type Dump = { tables: Record<string, (string | null)[][]>; sequences: Record<string, number | null> };

async function dumpAll(database: Database): Promise<Dump> {
  const repo = createBackupRepository(database);
  return repo.snapshot(async (tx) => {
    const tables: Dump['tables'] = {};
    for (const t of await repo.tables(tx)) {
      tables[t.name] = [];
      for await (const batch of repo.readRows(tx, t, 100)) tables[t.name]!.push(...batch);
    }
    const sequences = Object.fromEntries((await repo.sequences(tx)).map((s) => [s.name, s.lastValue]));
    return { tables, sequences };
  });
}

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

async function backupToFile(database: Database, file: string, attachmentsDir: string) {
  return writeBackup({ database, version: '0.1.0', attachmentsDir, output: fs.createWriteStream(file) });
}

describe('backup and restore round trip: embedded → PostgreSQL → embedded', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-backup-test-'));
  const dirs = { a: path.join(tmp, 'att-a'), b: path.join(tmp, 'att-b'), c: path.join(tmp, 'att-c') };
  const clock = fakeClock('2026-03-11T02:00:00Z');
  let source: TestRuntime;
  // Kept for the restored server: contact fields are encrypted, and a backup deliberately holds no keys.
  const sourceConfig = testConfig();
  // The restored server is given the same key, as an operator restores the key file alongside.
  const security = (sourceConfig as { security?: { encryptionKey?: string } }).security;
  if (security) security.encryptionKey = randomBytes(32).toString('base64');
  let pgTarget: { url: string; drop: () => Promise<void> };
  let pgDb: Database;
  let finalDb: Database;

  beforeAll(async () => {
    source = await startTestRuntime('pglite', { clock, config: sourceConfig });
    const staff = await loginHeaders(source);
    const post = (url: string, payload: object, headers = {}) =>
      source.app.inject({ method: 'POST', url, payload, headers });
    for (let i = 0; i < TICKETS; i++) {
      // From different addresses: the public form is rate-limited per client.
      const res = await source.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        remoteAddress: `10.0.0.${i + 1}`,
        payload: {
          text: `第${i}号投诉：候诊时间太长，态度“很差”。\n第二行 'quote' \\ backslash`,
          name: `患者${i}`,
          phone: `1380000${String(1000 + i)}`,
        },
      });
      expect(res.statusCode).toBe(201);
      const { ticketNo } = res.json();
      clock.advance(7 * 60_000);
      if (i % 3 === 0) await post(`/api/v1/tickets/${ticketNo}/reply`, { text: `回复 ${i}` }, staff);
      if (i % 4 === 0)
        await post(`/api/v1/tickets/${ticketNo}/notes`, { text: `备注 ${i} {"json": true}` }, staff);
    }
    // Periodic jobs (SLA sweep, deliveries) would keep writing while tables are compared below.
    await (source as { jobs?: { stop(): Promise<void> } }).jobs?.stop();
    await source.database.exec(PROBE_TABLE);
    await source.database.exec(PROBE_ROWS);
    fs.mkdirSync(path.join(dirs.a, '2026', '03'), { recursive: true });
    fs.writeFileSync(path.join(dirs.a, '2026', '03', 'photo.jpg'), randomBytes(700_000));
    fs.writeFileSync(path.join(dirs.a, 'voice 声音.amr'), randomBytes(1234));
    fs.writeFileSync(path.join(dirs.a, 'empty.bin'), Buffer.alloc(0));

    pgTarget = await createPgDatabase();
    pgDb = await openDatabase({ databaseUrl: pgTarget.url, poolSize: 4 });
    finalDb = await openDatabase({ dataDir: 'memory://' });
  }, SLOW_MS);
  afterAll(async () => {
    await source?.drop();
    await pgDb?.close().catch(() => {}); // closed already by the runtime of the second test
    await pgTarget?.drop();
    await finalDb?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it(
    'carries every row, sequence and attachment across both backends unchanged',
    async () => {
      const file1 = path.join(tmp, 'one.backup.gz');
      const file2 = path.join(tmp, 'two.backup.gz');

      // Taken while the source server is running (its runtime is open and serving).
      const s1 = await backupToFile(source.database, file1, dirs.a);
      expect(s1.rows).toBeGreaterThan(TICKETS);
      expect(s1.files).toBe(3);

      const header: BackupHeader = JSON.parse(
        gunzipSync(fs.readFileSync(file1)).toString('utf8').split('\n')[0]!,
      );
      expect(header.formatVersion).toBe(1);
      expect(header.backend).toBe('pglite');
      expect(header.migrations.length).toBeGreaterThan(0);
      expect(header.tables.find((t) => t.name === 'tickets')?.rows).toBe(TICKETS);
      expect(header.tables.some((t) => t.name === 'careloop_migrations')).toBe(false);

      // The probe table is not in the product schema; an empty one is created on each target.
      await pgDb.exec(PROBE_TABLE);
      const r1 = await restoreBackup({
        database: pgDb,
        attachmentsDir: dirs.b,
        input: fs.createReadStream(file1),
      });
      expect(r1.rows).toBe(s1.rows);

      await backupToFile(pgDb, file2, dirs.b);
      await finalDb.exec(PROBE_TABLE);
      await restoreBackup({ database: finalDb, attachmentsDir: dirs.c, input: fs.createReadStream(file2) });

      const [a, b, c] = [await dumpAll(source.database), await dumpAll(pgDb), await dumpAll(finalDb)];
      expect(Object.keys(a.tables).length).toBeGreaterThan(5);
      expect(a.tables.tickets!.length).toBe(TICKETS);
      expect(b.tables).toEqual(a.tables);
      expect(c.tables).toEqual(a.tables);
      expect(b.sequences).toEqual(a.sequences);
      expect(c.sequences).toEqual(a.sequences);
      // The probe's values came back exactly, including the ones JavaScript numbers would round.
      expect(c.tables.backup_type_probe![0]).toContain('9007199254740993');
      expect(c.tables.backup_type_probe![0]).toContain('\\x00ff10');

      const files = filesOf(dirs.a);
      expect(Object.keys(files)).toHaveLength(3);
      expect(filesOf(dirs.b)).toEqual(files);
      expect(filesOf(dirs.c)).toEqual(files);
    },
    SLOW_MS,
  );

  it(
    'gives a restored database that works: the old password logs in, new tickets get fresh numbers',
    async () => {
      const config = { ...sourceConfig, adminPassword: 'a-different-password-not-used' };
      const rt = await createRuntime({ config, database: pgDb, logger: createLogger(config), clock });
      const staff = await loginHeaders(rt, 'admin', TEST_ADMIN_PASSWORD);
      const res = await rt.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: { text: '恢复后的新投诉' },
      });
      expect(res.statusCode).toBe(201);
      const list = await rt.app.inject({ method: 'GET', url: '/api/v1/tickets?limit=200', headers: staff });
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items).toHaveLength(TICKETS + 1);
      // Closes pgDb too (and the jobs the runtime started).
      await rt.close();
    },
    SLOW_MS,
  );

  it('refuses a target that holds data, and changes nothing there', async () => {
    const file = path.join(tmp, 'three.backup.gz');
    await backupToFile(source.database, file, dirs.a);
    const before = await dumpAll(source.database);
    await expect(
      restoreBackup({ database: source.database, input: fs.createReadStream(file) }),
    ).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    expect(await dumpAll(source.database)).toEqual(before);
  });

  it(
    'refuses a truncated or damaged file and leaves the target empty',
    async () => {
      const file = path.join(tmp, 'one.backup.gz');
      const plain = gunzipSync(fs.readFileSync(file)).toString('utf8');
      const lines = plain.split('\n');
      const truncated = `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`;
      const tampered = plain.replace('回复 3', '回复 X');

      for (const body of [truncated, tampered]) {
        const target = await openDatabase({ dataDir: 'memory://' });
        try {
          await target.exec(PROBE_TABLE);
          const input = new PassThrough();
          const { gzipSync } = await import('node:zlib');
          Readable.from([gzipSync(Buffer.from(body))]).pipe(input);
          await expect(restoreBackup({ database: target, input })).rejects.toMatchObject({
            code: 'BACKUP_INVALID',
          });
          expect(await createBackupRepository(target).nonEmptyTables()).toEqual([]);
        } finally {
          await target.close();
        }
      }
    },
    SLOW_MS,
  );

  it('lets an administrator download the backup from the running server', async () => {
    const staff = await loginHeaders(source);
    const res = await source.app.inject({ method: 'POST', url: '/api/v1/admin/backup', headers: staff });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    const header = JSON.parse(gunzipSync(res.rawPayload).toString('utf8').split('\n')[0]!);
    expect(header.tables.find((t: { name: string }) => t.name === 'tickets').rows).toBe(TICKETS);
    expect((await source.app.inject({ method: 'POST', url: '/api/v1/admin/backup' })).statusCode).toBe(401);
  });
});
