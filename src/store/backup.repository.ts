import { type SQL, sql } from 'drizzle-orm';
import type { Database, Db } from './database.ts';
import { rowsOf } from './database.ts';

/**
 * The SQL of backup and restore, generic over whatever tables the schema has: tables, columns and
 * sequences are read from the catalog, never listed here, so a table added by a later migration is
 * backed up without touching this file. Values travel as PostgreSQL's own text form (`col::text`), the
 * form COPY uses: every type (timestamptz, jsonb, bigint, bytea, arrays) reads back exactly.
 */

/** The migrator's bookkeeping: restore rebuilds it by migrating, so it is not copied as data. */
export const MIGRATIONS_TABLE = 'careloop_migrations';

export interface TableColumn {
  name: string;
  /** format_type(): `timestamp with time zone`, `jsonb`, `character varying(30)` … */
  type: string;
}

export interface TableInfo {
  name: string;
  columns: TableColumn[];
  /** Primary-key columns, for a stable row order; empty when the table has none. */
  key: string[];
}

export interface SequenceValue {
  name: string;
  lastValue: number | null;
  isCalled: boolean;
}

/** A raw-SQL handle bound to one transaction. */
export interface BackupTx {
  tx: Db;
}

const id = (name: string) => sql.identifier(name);

async function rows<T>(tx: Db, query: SQL): Promise<T[]> {
  return rowsOf<T>(await tx.execute(query));
}

export function createBackupRepository(database: Database) {
  /** Application tables, parents before children (foreign keys), so a restore can insert in order. */
  async function tables(tx: Db): Promise<TableInfo[]> {
    const names = (
      await rows<{ name: string }>(
        tx,
        sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
             ORDER BY c.relname`,
      )
    )
      .map((r) => r.name)
      .filter((n) => n !== MIGRATIONS_TABLE);
    const edges = await rows<{ child: string; parent: string }>(
      tx,
      sql`SELECT cc.relname AS child, pc.relname AS parent FROM pg_constraint k
            JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_class pc ON pc.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = cc.relnamespace
           WHERE k.contype = 'f' AND n.nspname = 'public' AND cc.relname <> pc.relname`,
    );
    const ordered: string[] = [];
    const visiting = new Set<string>();
    const visit = (name: string) => {
      if (ordered.includes(name) || visiting.has(name)) return;
      visiting.add(name);
      for (const e of edges) if (e.child === name) visit(e.parent);
      ordered.push(name);
    };
    for (const n of names) visit(n);

    const out: TableInfo[] = [];
    for (const name of ordered.filter((n) => names.includes(n))) {
      const columns = await rows<{ name: string; type: string }>(
        tx,
        sql`SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
             WHERE a.attrelid = ${`public.${name}`}::regclass AND a.attnum > 0 AND NOT a.attisdropped
               AND a.attgenerated = '' ORDER BY a.attnum`,
      );
      const key = await rows<{ name: string }>(
        tx,
        sql`SELECT a.attname AS name FROM pg_index i
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
             WHERE i.indrelid = ${`public.${name}`}::regclass AND i.indisprimary
             ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      );
      out.push({ name, columns, key: key.map((k) => k.name) });
    }
    return out;
  }

  return {
    /**
     * Runs `work` in one read-only REPEATABLE READ transaction: every table is read as of the same
     * instant while the server keeps writing. Text output is pinned (UTC, ISO) so dumps compare byte
     * for byte whichever session settings the server has.
     */
    async snapshot<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      return database.db.transaction(
        async (tx) => {
          await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
          await tx.execute(sql`SET LOCAL DateStyle = 'ISO, YMD'`);
          await tx.execute(sql`SET LOCAL IntervalStyle = 'postgres'`);
          await tx.execute(sql`SET LOCAL bytea_output = 'hex'`);
          return work(tx);
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    },

    /** One read-write transaction for a restore: all rows load, or none do. */
    async loading<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      return database.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
        return work(tx);
      });
    },

    tables,

    async countRows(tx: Db, table: string): Promise<number> {
      const r = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ${id(table)}`);
      return Number(r[0]?.n ?? 0);
    },

    /** Rows as arrays of PostgreSQL text values (null stays null), in key order, a batch at a time. */
    async *readRows(tx: Db, table: TableInfo, batchSize: number): AsyncGenerator<(string | null)[][]> {
      const cursor = `careloop_backup_${table.name}`;
      const select = sql.join(
        table.columns.map((c) => sql`${id(c.name)}::text`),
        sql`, `,
      );
      const order = (table.key.length ? table.key : table.columns.map((c) => c.name)).map((k) => id(k));
      await tx.execute(
        sql`DECLARE ${id(cursor)} NO SCROLL CURSOR FOR SELECT ${select} FROM ${id(table.name)} ORDER BY ${sql.join(order, sql`, `)}`,
      );
      try {
        for (;;) {
          const batch = rowsOf<Record<string, string | null>>(
            await tx.execute(sql`FETCH ${sql.raw(String(batchSize))} FROM ${id(cursor)}`),
          );
          if (batch.length === 0) break;
          // Column names repeat (`?column?`) on some drivers: read values by position.
          yield batch.map((row) => Object.values(row));
        }
      } finally {
        await tx.execute(sql`CLOSE ${id(cursor)}`);
      }
    },

    async sequences(tx: Db): Promise<SequenceValue[]> {
      const r = await rows<{ name: string; last_value: string | null; is_called: boolean }>(
        tx,
        sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
      );
      const out: SequenceValue[] = [];
      for (const s of r) {
        // Reading the sequence relation itself works on every version and needs no extra privilege.
        const v = await rows<{ last_value: string; is_called: boolean }>(
          tx,
          sql`SELECT last_value::text AS last_value, is_called FROM ${id(s.name)}`,
        );
        out.push({
          name: s.name,
          lastValue: v[0] ? Number(v[0].last_value) : null,
          isCalled: v[0]?.is_called ?? false,
        });
      }
      return out;
    },

    async insertRows(tx: Db, table: TableInfo, values: (string | null)[][]): Promise<void> {
      if (values.length === 0) return;
      const columns = sql.join(
        table.columns.map((c) => id(c.name)),
        sql`, `,
      );
      // Text parameters cast to the column's type run its input function, as COPY does. The `::text` first
      // keeps drivers from encoding the value for the target type themselves (PGlite would for bytea).
      const tuples = values.map(
        (row) =>
          sql`(${sql.join(
            row.map((v, i) => sql`${v}::text::${sql.raw(table.columns[i]!.type)}`),
            sql`, `,
          )})`,
      );
      await tx.execute(
        sql`INSERT INTO ${id(table.name)} (${columns}) OVERRIDING SYSTEM VALUE VALUES ${sql.join(tuples, sql`, `)}`,
      );
    },

    async setSequence(tx: Db, seq: SequenceValue): Promise<void> {
      if (seq.lastValue === null) return;
      await tx.execute(
        sql`SELECT setval(${`public.${seq.name}`}::regclass, ${seq.lastValue}, ${seq.isCalled})`,
      );
    },

    /** Tables that hold at least one row (the migrations bookkeeping aside). */
    async nonEmptyTables(): Promise<string[]> {
      return database.db.transaction(async (tx) => {
        const out: string[] = [];
        for (const t of await tables(tx)) {
          const r = await rows<{ any: boolean }>(tx, sql`SELECT EXISTS (SELECT 1 FROM ${id(t.name)}) AS any`);
          if (r[0]?.any) out.push(t.name);
        }
        return out;
      });
    },
  };
}

export type BackupRepository = ReturnType<typeof createBackupRepository>;
