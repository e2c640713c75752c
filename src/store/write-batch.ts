import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from './database.ts';

/**
 * The writes a transaction makes at its end that nothing later in it reads — the audit row, outbox
 * messages, the live-event NOTIFY — sent as ONE statement: data-modifying CTEs (`WITH w0 AS (INSERT …)`)
 * all run, once, on one snapshot. Each statement costs a round trip and a socket write, and on a busy
 * server those cost more than the inserts themselves (bench: intake).
 * Only for independent writes: inserts of new rows, never two changes to one row.
 */
export interface WriteBatch {
  /** An INSERT (or other data-modifying statement without RETURNING) to run at flush. */
  write(statement: SQLWrapper): void;
  /** An expression evaluated for its side effect at flush, such as `pg_notify(…)`. */
  call(expression: SQL): void;
  /** Runs everything added so far as one statement (nothing when empty), then starts empty again. */
  flush(tx: Db): Promise<void>;
}

export function createWriteBatch(): WriteBatch {
  let writes: SQLWrapper[] = [];
  let calls: SQL[] = [];
  return {
    write(statement) {
      writes.push(statement);
    },
    call(expression) {
      calls.push(expression);
    },
    async flush(tx) {
      if (writes.length === 0 && calls.length === 0) return;
      const ctes = writes.map((w, i) => sql`${sql.raw(`w${i}`)} AS (${w.getSQL()})`);
      const select = calls.length > 0 ? sql.join(calls, sql`, `) : sql`1`;
      writes = [];
      calls = [];
      await tx.execute(
        ctes.length > 0 ? sql`WITH ${sql.join(ctes, sql`, `)} SELECT ${select}` : sql`SELECT ${select}`,
      );
    },
  };
}
