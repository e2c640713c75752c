import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditRepository, installAuditGuards } from '../../src/store/audit.repository.ts';
import { createBackupRepository } from '../../src/store/backup.repository.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate, migrationStatus, readMigrations } from '../../src/store/migrate.ts';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../support/backends.ts';

/**
 * A database created by the first release (its schema and a few rows, as pg_dump printed them) is
 * upgraded by this code's migrations, and every row it had is still there, unchanged.
 */
const FIXTURE = new URL('../fixtures/schema-v0.1.0.sql', import.meta.url);

/** Columns and indexes as the catalogue describes them, order-free (an upgrade appends columns). */
async function schemaOf(database: Database): Promise<string[]> {
  const columns = await database.query<Record<string, string | null>>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const indexes = await database.query<Record<string, string>>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
  );
  return [
    ...columns.map(
      (c) => `column ${c.table_name}.${c.column_name} ${c.data_type} ${c.is_nullable} ${c.column_default}`,
    ),
    ...indexes.map((i) => `index ${i.indexname}: ${i.indexdef}`),
  ].sort();
}

async function rowsByTable(database: Database): Promise<Record<string, (string | null)[][]>> {
  const repo = createBackupRepository(database);
  return repo.snapshot(async (tx) => {
    const out: Record<string, (string | null)[][]> = {};
    for (const t of await repo.tables(tx)) {
      out[t.name] = [];
      for await (const batch of repo.readRows(tx, t, 500)) out[t.name]!.push(...batch);
    }
    return out;
  });
}

describe.each(BACKENDS)('upgrade from the 0.1.0 schema on %s', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(backend);
    await test.database.exec(fs.readFileSync(FIXTURE, 'utf8'));
  });
  afterAll(async () => {
    await test?.database.close();
    await test?.drop();
  });

  it('migrates to the latest schema and keeps every row', async () => {
    const before = await rowsByTable(test.database);
    expect(before.tickets).toHaveLength(3);
    expect(before.ticket_events!.length).toBeGreaterThan(3);

    await migrate(test.database);
    const status = await migrationStatus(test.database);
    expect(status.pending).toEqual([]);
    expect(status.unknown).toEqual([]);
    expect(status.applied).toEqual(readMigrations().map((m) => m.name));

    // The upgraded database has exactly the schema a new installation gets.
    const fresh = await openTestDatabase(backend);
    try {
      await migrate(fresh.database);
      expect(await schemaOf(test.database)).toEqual(await schemaOf(fresh.database));
    } finally {
      await fresh.database.close();
      await fresh.drop();
    }

    const after = await rowsByTable(test.database);
    // The audit chain written by 0.1.0 still verifies, and new rows chain on after it.
    await installAuditGuards(test.database);
    const audit = createAuditRepository(test.database.db);
    const chained = before.audit_log!.length;
    expect(await audit.verify()).toMatchObject({ ok: true, checked: chained, pending: 0 });
    await audit.append({
      at: new Date('2026-11-24T00:00:00Z'),
      actorType: 'system',
      action: 'upgrade.check',
    });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: chained + 1 });

    for (const [table, rows] of Object.entries(before)) {
      // Later migrations may add columns (appended at the end) but must keep the old values.
      expect(after[table], `table ${table}`).toBeDefined();
      expect(
        after[table]!.map((r) => r.slice(0, rows[0]?.length ?? 0)),
        `rows of ${table}`,
      ).toEqual(rows);
    }
  });
});
