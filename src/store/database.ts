import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The drizzle handle repositories use; a transaction handle has the same type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

const INT8_OID = 20;

export type Backend = 'pglite' | 'postgres';

export interface Database {
  backend: Backend;
  db: Db;
  /** Runs SQL text with several statements and no parameters (migrations, maintenance). */
  exec(sqlText: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /**
   * Runs `fn` while no other CareLoop process on this database runs its own `withSetupLock` (first-start
   * seeding: several servers starting at once on an empty database must not race). The embedded database
   * has one process by construction (its folder is locked), so there it simply runs `fn`.
   */
  withSetupLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Connection pool counts (PostgreSQL only; the embedded database has a single connection). */
  poolStats?: () => { total: number; idle: number; waiting: number };
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` for a throw-away in-memory database (tests). */
  dataDir?: string;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? 'memory://');
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataDirLock | undefined;
  if (!inMemory) lock = lockDataDir(dataDir);
  try {
    const client = await PGlite.create(inMemory ? dataDir : path.join(dataDir, 'pg'), {
      extensions: { pg_trgm },
    });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      backend: 'pglite',
      db,
      exec: async (sqlText) => {
        await client.exec(sqlText);
      },
      query: async <T>(sqlText: string, params: unknown[] = []) =>
        (await client.query<T>(sqlText, params)).rows,
      close: async () => {
        try {
          await client.close();
        } finally {
          lock?.release();
        }
      },
      withSetupLock: (fn) => fn(),
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

// Any constant works; the same in every CareLoop process (migrate.ts and audit.repository.ts use others).
const SETUP_LOCK_KEY = 746_211_905;

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    // int8 (counts, ids) as numbers, as PGlite returns them: our ids and counts stay far below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    backend: 'postgres',
    db,
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    query: async <T>(sqlText: string, params: unknown[] = []) =>
      (await pool.query(sqlText, params)).rows as T[],
    close: async () => {
      await pool.end();
    },
    withSetupLock: async (fn) => {
      // A session lock on a connection of its own, held while `fn` uses the rest of the pool.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK_KEY]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/** Rows of `db.execute(sql…)`: both drivers return `{ rows }`, which drizzle's shared type leaves opaque. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
