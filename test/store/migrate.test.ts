import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Migration, migrate, migrationStatus, readMigrations } from '../../src/store/migrate.ts';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../support/backends.ts';

const extra = (name: string, sqlText: string): Migration => ({ name, sql: sqlText, checksum: name });
/** A later release's migration, applied by the first test. */
const probe = extra('9000_add_probe', 'CREATE TABLE migrate_probe (id int)');

describe.each(BACKENDS)('migrations on %s', (backend) => {
  // One database for the suite, used in order: applied, then a failed migration, then a newer one.
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await test?.database.close();
    await test?.drop();
  });

  it('applies each migration once, forward only', async () => {
    const all = readMigrations();
    expect(await migrate(test.database)).toEqual(all.map((m) => m.name));
    expect(await migrate(test.database)).toEqual([]);
    const added = [...all, probe];
    expect(await migrate(test.database, added)).toEqual(['9000_add_probe']);
    expect(await migrationStatus(test.database, added)).toMatchObject({ pending: [], unknown: [] });
  });

  it('rolls a failing migration back whole and does not record it', async () => {
    const broken = extra(
      '9001_broken',
      'CREATE TABLE half_done (id int);\n--> statement-breakpoint\nINSERT INTO no_such_table VALUES (1);',
    );
    await expect(migrate(test.database, [...readMigrations(), probe, broken])).rejects.toThrow(
      /no_such_table/,
    );
    const exists = await test.database.query<{ present: boolean }>(
      "SELECT to_regclass('public.half_done') IS NOT NULL AS present",
    );
    expect(exists[0]?.present).toBe(false);
    expect((await migrationStatus(test.database, [...readMigrations(), probe])).applied).not.toContain(
      '9001_broken',
    );
  });

  it('refuses a database written by a newer CareLoop, and changes nothing', async () => {
    const newer = [
      ...readMigrations(),
      probe,
      extra('9002_from_the_future', 'CREATE TABLE future_table (id int)'),
    ];
    expect(await migrate(test.database, newer)).toEqual(['9002_from_the_future']);
    await expect(migrate(test.database)).rejects.toMatchObject({ code: 'DATABASE_NEWER_THAN_CODE' });
    const status = await migrationStatus(test.database);
    expect(status.unknown).toEqual(['9000_add_probe', '9002_from_the_future']);
  });

  it('refuses a database whose applied migration differs from the shipped file', async () => {
    // An edited release migration would leave the database short of what the code expects.
    const edited = { ...probe, sql: 'CREATE TABLE migrate_probe (id int, extra text)', checksum: 'edited' };
    const list = [
      ...readMigrations(),
      edited,
      extra('9002_from_the_future', 'CREATE TABLE future_table (id int)'),
    ];
    await expect(migrate(test.database, list)).rejects.toMatchObject({ code: 'MIGRATION_CHANGED' });
    await expect(migrate(test.database, list)).rejects.toThrow(/9000_add_probe/);
  });
});
