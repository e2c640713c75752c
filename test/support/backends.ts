import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../src/config.ts';
import { ROLE_PRESETS } from '../../src/domain/security/permissions.ts';
import { defaultSecurityConfig } from '../../src/security/security-config.ts';
import { createLogger, createRuntime, type Runtime } from '../../src/server.ts';
import type { Clock } from '../../src/services/ticket.service.ts';
import { type Backend, type Database, openDatabase } from '../../src/store/database.ts';

/**
 * Every repository and API suite runs on both backends: the embedded PGlite (in memory) and a real
 * PostgreSQL server, each suite in a fresh database of its own. There is no mocked database, and no
 * skipping: when PostgreSQL cannot be reached the suite fails and says why.
 */
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

export const TEST_PG_URL = process.env.CARELOOP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  database: Database;
  url?: string;
  drop(): Promise<void>;
}

/** Creates a fresh, empty UTF-8 PostgreSQL database and returns its URL. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `careloop_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL tests need a server at ${TEST_PG_URL} (set CARELOOP_TEST_PG_URL): ${(err as Error).message}`,
    );
  }
  // UTF-8 ctype: pg_trgm cannot index Chinese text otherwise.
  await admin.query(
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: async () => {} };
  }
  const { url, drop } = await createPgDatabase();
  const database = await openDatabase({ databaseUrl: url, poolSize: 8 });
  return { database, url, drop };
}

export const TEST_ADMIN_PASSWORD = 'correct-horse-battery';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: 'memory://',
    databaseUrl: undefined,
    adminPassword: TEST_ADMIN_PASSWORD,
    logLevel: 'silent',
    logPretty: false,
    timeZone: 'Asia/Shanghai',
    trustProxy: false,
    // Tests move a fake clock by hours; a week keeps the test login alive.
    sessionIdleMinutes: 7 * 24 * 60,
    // Generous limits: suites submit many requests from one address; security tests set their own.
    security: defaultSecurityConfig({
      rateLimits: { feedbackPerMinute: 10_000, trackingPerMinute: 10_000, loginPerMinute: 10_000 },
      login: { perAccount: 1000, perIp: 1000, windowMinutes: 15, lockMinutes: 15 },
    }),
    publicUrl: undefined,
    confirmationWindowDays: 3,
    attachmentsDir: 'memory://',
    notify: {
      smtpUrl: undefined,
      mailFrom: 'CareLoop <noreply@test.invalid>',
      smsHttpUrl: undefined,
      wechatHttpUrl: undefined,
      httpToken: undefined,
    },
    intakeSecrets: {},
    // Suites that test triage or routing by category turn it on; the rest see untriaged tickets.
    triageAtIntake: false,
    ...overrides,
  };
}

/** Grants a user the case permissions of the agent preset (test fixture for the bootstrap admin). */
export async function grantCaseAccess(database: Database, username: string): Promise<void> {
  const agent = ROLE_PRESETS.find((r) => r.name === 'agent')!;
  for (const p of agent.permissions) {
    await database.query(
      `INSERT INTO staff_grants (user_id, permission, granted_at)
       SELECT id, $2, now() FROM staff_users WHERE username = $1 ON CONFLICT DO NOTHING`,
      [username, p],
    );
  }
}

/** A clock tests move by hand. */
export function fakeClock(
  start: string | Date,
): Clock & { set(at: string | Date): void; advance(ms: number): void } {
  let now = new Date(start);
  const clock = (() => new Date(now)) as Clock & { set(at: string | Date): void; advance(ms: number): void };
  clock.set = (at) => {
    now = new Date(at);
  };
  clock.advance = (ms) => {
    now = new Date(now.getTime() + ms);
  };
  return clock;
}

export interface TestRuntime extends Runtime {
  drop(): Promise<void>;
}

export async function startTestRuntime(
  backend: Backend,
  options: { clock?: Clock; config?: Partial<Config> } = {},
): Promise<TestRuntime> {
  const test = await openTestDatabase(backend);
  const config = testConfig(options.config);
  const runtime = await createRuntime({
    config,
    database: test.database,
    logger: createLogger(config),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...runtime,
    async drop() {
      await runtime.close();
      await test.drop();
    },
  };
}

/** Logs in through the API and returns headers for staff requests (cookie + CSRF header). */
export async function loginHeaders(runtime: Runtime, username = 'admin', password = TEST_ADMIN_PASSWORD) {
  // An admin sees no case content unless granted it (issue 6). The suites' admin also handles tickets,
  // so it is granted the agent's case permissions; the permission tests use accounts of each role.
  if (username === 'admin') await grantCaseAccess(runtime.database, 'admin');
  const res = await runtime.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'careloop_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `careloop_session=${cookie.value}`, 'x-careloop-csrf': '1' };
}
