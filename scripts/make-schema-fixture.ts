/**
 * Writes test/fixtures/schema-v<version>.sql: the schema of this release as pg_dump prints it, with a few
 * rows made through the real service (tickets, events, an account). The upgrade test loads it and runs
 * the migrations of later versions over it. Run once per release, on the release commit:
 *   tsx scripts/make-schema-fixture.ts          (needs pg_dump and the test PostgreSQL server)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/logger.ts';
import { createRuntime } from '../src/server.ts';
import { openDatabase } from '../src/store/database.ts';
import { VERSION } from '../src/version.ts';
import {
  createPgDatabase,
  fakeClock,
  loginHeaders,
  TEST_ADMIN_PASSWORD,
  testConfig,
} from '../test/support/backends.ts';

const target = fileURLToPath(new URL(`../test/fixtures/schema-v${VERSION}.sql`, import.meta.url));
const pgDb = await createPgDatabase();
try {
  const database = await openDatabase({ databaseUrl: pgDb.url, poolSize: 2 });
  const config = testConfig({ adminPassword: TEST_ADMIN_PASSWORD });
  const security = (config as { security?: { encryptionKey?: string } }).security;
  if (security) security.encryptionKey = randomBytes(32).toString('base64');
  const rt = await createRuntime({
    config,
    database,
    logger: createLogger(config),
    clock: fakeClock('2026-03-11T02:00:00Z'),
  });
  const staff = await loginHeaders(rt);
  const texts = [
    '门诊候诊时间太长，等了三个小时。',
    '护士态度很好，特此表扬。',
    'The parking fee is too high.',
  ];
  for (const [i, text] of texts.entries()) {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text, name: `Fixture ${i}`, phone: `1390000000${i}` },
    });
    if (res.statusCode !== 201) throw new Error(`feedback: ${res.statusCode} ${res.body}`);
    if (i === 0) {
      const reply = await rt.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${res.json().ticketNo}/reply`,
        payload: { text: '已转门诊部。' },
        headers: staff,
      });
      if (reply.statusCode !== 200) throw new Error(`reply: ${reply.statusCode} ${reply.body}`);
    }
  }
  await rt.close();
  const dump = execFileSync(
    'pg_dump',
    ['--no-owner', '--no-privileges', '--column-inserts', '--no-comments', pgDb.url],
    {
      encoding: 'utf8',
    },
  );
  // psql meta-commands (\restrict …) are not SQL: the upgrade test executes the file as plain SQL.
  const sqlText = dump
    .split('\n')
    .filter((l) => !l.startsWith('\\'))
    // Names in the dump are schema-qualified; an empty search_path would outlive the load on the connection.
    .filter((l) => !l.startsWith("SELECT pg_catalog.set_config('search_path'"))
    .join('\n');
  fs.mkdirSync(new URL('../test/fixtures/', import.meta.url), { recursive: true });
  fs.writeFileSync(
    target,
    `-- CareLoop ${VERSION} schema and sample rows (scripts/make-schema-fixture.ts). Do not edit.\n${sqlText}`,
  );
  process.stdout.write(`wrote ${target}\n`);
} finally {
  await pgDb.drop();
}
