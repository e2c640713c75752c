import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteBatch } from '../../src/store/write-batch.ts';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../support/backends.ts';

/** A transaction's final writes go as one statement; they all happen, or (in a failed statement) none. */
describe.each(BACKENDS)('write batch on %s', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(backend);
    await test.database.exec('CREATE TABLE wb_a (id int PRIMARY KEY); CREATE TABLE wb_b (note text)');
  });
  afterAll(async () => {
    await test?.database.close();
    await test?.drop();
  });

  const count = async (table: string) =>
    Number((await test.database.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

  it('runs several inserts and a call as one statement, then starts empty', async () => {
    const batch = createWriteBatch();
    await test.database.db.transaction(async (tx) => {
      batch.write(sql`INSERT INTO wb_a VALUES (${1})`);
      batch.write(sql`INSERT INTO wb_a VALUES (${2})`);
      batch.write(sql`INSERT INTO wb_b VALUES (${'一条'})`);
      batch.call(sql`pg_notify(${'careloop_test'}, ${'x'})`);
      await batch.flush(tx);
      // Nothing left: a second flush sends nothing (it would fail on the duplicate keys otherwise).
      await batch.flush(tx);
    });
    expect(await count('wb_a')).toBe(2);
    expect(await count('wb_b')).toBe(1);
  });

  it('writes nothing of a batch whose statement fails', async () => {
    const batch = createWriteBatch();
    batch.write(sql`INSERT INTO wb_b VALUES (${'不应留下'})`);
    batch.write(sql`INSERT INTO wb_a VALUES (${1})`); // duplicate key
    await expect(test.database.db.transaction((tx) => batch.flush(tx))).rejects.toThrow();
    expect(await count('wb_b')).toBe(1);
  });
});
