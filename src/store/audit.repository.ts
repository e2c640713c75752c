import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import { type Database, type Db, rowsOf } from './database.ts';
import { auditAnchor, auditLog } from './schema-security.ts';
import type { WriteBatch } from './write-batch.ts';

/**
 * The hash-chained audit log, in two steps so that no request waits on another:
 * - `append` inserts the entry in the caller's transaction (it commits or rolls back with the change it
 *   records) with an id from a sequence and no place in the chain yet;
 * - `seal` (the audit-seal job every few seconds, and before every verification) takes the committed rows
 *   not yet chained, oldest id first, and gives each the next gap-free chain position, the previous row's
 *   hash and its own. Sealers serialise on an advisory lock, so two servers never fork the chain.
 * An earlier design appended under that lock in every request's own transaction, which made every intake
 * and every audited read across all servers wait for one another. The price of the split is a window of a
 * few seconds in which a fresh row is stored but not yet chained; the database trigger still refuses to
 * change its content in that window, and `verify` reports such rows instead of vouching for them.
 */

// Any constant works; it only has to be the same for every CareLoop process on one database.
const AUDIT_LOCK_KEY = 746_211_904;
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: Date;
  actorType: 'staff' | 'token' | 'patient' | 'system';
  actorId?: number | null;
  actorName?: string | null;
  ip?: string | null;
  action: string;
  ticketId?: number | null;
  ticketNo?: string | null;
  target?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorType: string;
  actorId: number | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  ticketId: number | null;
  ticketNo: string | null;
  target: string | null;
  details: Record<string, unknown>;
  /** Null until sealed, like prevHash and hash. */
  chainSeq: number | null;
  prevHash: string | null;
  hash: string | null;
}

/** JSON with object keys sorted at every level: jsonb does not keep key order, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

type Content = Omit<AuditRow, 'chainSeq' | 'prevHash' | 'hash'>;

/** What the hash covers: the row's id and content; its chain position is fixed by the links themselves. */
export function canonicalRow(r: Content): string {
  return canonicalJson([
    r.id,
    r.at.toISOString(),
    r.actorType,
    r.actorId,
    r.actorName,
    r.ip,
    r.action,
    r.ticketId,
    r.ticketNo,
    r.target,
    r.details,
  ]);
}

export function chainHash(prevHash: string, r: Content): string {
  return createHash('sha256').update(prevHash).update(canonicalRow(r)).digest('hex');
}

const toRow = (r: typeof auditLog.$inferSelect): AuditRow => ({
  id: r.id,
  at: r.at,
  actorType: r.actorType,
  actorId: r.actorId,
  actorName: r.actorName,
  ip: r.ip,
  action: r.action,
  ticketId: r.ticketId,
  ticketNo: r.ticketNo,
  target: r.target,
  details: r.details,
  chainSeq: r.chainSeq,
  prevHash: r.prevHash,
  hash: r.hash,
});

export interface AuditQuery {
  from?: Date;
  to?: Date;
  actorId?: number;
  ticketNo?: string;
  action?: string;
  afterId?: number;
  limit?: number;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Rows committed but not chained yet (appended after the seal that verify ran first). */
  pending: number;
  /** The first row that does not fit the chain, and why. */
  broken?: { id: number; reason: string };
  anchoredAt?: { lastDeletedId: number; deletedCount: number };
}

/**
 * Makes the table append-only inside the database as well: the only UPDATE allowed is sealing (a row not
 * yet chained gets its chain position and hashes, once, with its content unchanged); DELETE only inside
 * the retention job's transaction. A database superuser can still get round this — that is what the
 * hash chain is for.
 */
export async function installAuditGuards(database: Database): Promise<void> {
  await database.exec(`
    CREATE OR REPLACE FUNCTION careloop_audit_append_only() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('careloop.audit_retention', true) = 'on' THEN
        RETURN OLD;
      END IF;
      IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND OLD.hash IS NULL AND OLD.prev_hash IS NULL
         AND NEW.chain_seq IS NOT NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
         AND (NEW.id, NEW.at, NEW.actor_type, NEW.actor_id, NEW.actor_name, NEW.ip, NEW.action,
              NEW.ticket_id, NEW.ticket_no, NEW.target, NEW.details)
             IS NOT DISTINCT FROM
             (OLD.id, OLD.at, OLD.actor_type, OLD.actor_id, OLD.actor_name, OLD.ip, OLD.action,
              OLD.ticket_id, OLD.ticket_no, OLD.target, OLD.details) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only';
    END;
    $$ LANGUAGE plpgsql;
    CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION careloop_audit_append_only();
  `);
}

function valuesOf(entry: AuditEntry) {
  return {
    at: entry.at,
    actorType: entry.actorType,
    actorId: entry.actorId ?? null,
    actorName: entry.actorName ?? null,
    ip: entry.ip ?? null,
    action: entry.action,
    ticketId: entry.ticketId ?? null,
    ticketNo: entry.ticketNo ?? null,
    target: entry.target ?? null,
    details: entry.details ?? {},
  };
}

export function createAuditRepository(db: Db) {
  /** Where the chain ends now: the last sealed row, else the retention anchor, else the genesis. */
  async function chainEnd(tx: Db): Promise<{ seq: number; hash: string }> {
    const [last] = await tx
      .select({ seq: auditLog.chainSeq, hash: auditLog.hash })
      .from(auditLog)
      .where(isNotNull(auditLog.chainSeq))
      .orderBy(desc(auditLog.chainSeq))
      .limit(1);
    if (last?.seq != null && last.hash !== null) return { seq: last.seq, hash: last.hash };
    const [anchor] = await tx.select().from(auditAnchor).where(eq(auditAnchor.id, 1));
    return { seq: anchor?.lastDeletedId ?? 0, hash: anchor?.lastDeletedHash ?? GENESIS_HASH };
  }

  /** Chains up to `limit` committed, unsealed rows; returns how many. */
  async function sealBatch(limit: number): Promise<number> {
    // Most runs find nothing: look without the lock first.
    const [any] = await db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(isNull(auditLog.chainSeq))
      .limit(1);
    if (!any) return 0;
    return db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
      const pending = await tx
        .select()
        .from(auditLog)
        .where(isNull(auditLog.chainSeq))
        .orderBy(asc(auditLog.id))
        .limit(limit);
      if (pending.length === 0) return 0;
      let { seq, hash: prevHash } = await chainEnd(tx);
      const values: SQL[] = [];
      for (const raw of pending) {
        // Hashed as read back from the database (jsonb's key order, timestamp precision), so verify agrees.
        const hash = chainHash(prevHash, toRow(raw));
        seq += 1;
        values.push(sql`(${raw.id}::bigint, ${seq}::bigint, ${prevHash}, ${hash})`);
        prevHash = hash;
      }
      await tx.execute(sql`
        UPDATE audit_log AS a SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
          FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, seq, prev, hash)
         WHERE a.id = v.id`);
      return pending.length;
    });
  }

  async function seal(batch = 2000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await sealBatch(batch);
      total += n;
      if (n < batch) return total;
    }
  }

  return {
    /**
     * Inserts the entry in `tx` (the caller's transaction, so it commits with the change it records), or
     * on its own. One statement and no lock: the chain is added by `seal`.
     */
    async append(entry: AuditEntry, tx: Db = db): Promise<void> {
      await tx.insert(auditLog).values(valuesOf(entry));
    },

    /** The same insert, sent with the transaction's other final writes (write-batch.ts). */
    appendLater(batch: WriteBatch, entry: AuditEntry): void {
      batch.write(db.insert(auditLog).values(valuesOf(entry)));
    },

    /** Chains every committed row not chained yet (the audit-seal job; verify runs it first). */
    seal,

    async query(q: AuditQuery): Promise<AuditRow[]> {
      const c: SQL[] = [];
      if (q.from) c.push(gte(auditLog.at, q.from));
      if (q.to) c.push(lt(auditLog.at, q.to));
      if (q.actorId !== undefined) c.push(eq(auditLog.actorId, q.actorId));
      if (q.ticketNo) c.push(eq(auditLog.ticketNo, q.ticketNo));
      if (q.action) c.push(eq(auditLog.action, q.action));
      if (q.afterId !== undefined) c.push(gt(auditLog.id, q.afterId));
      const rows = await db
        .select()
        .from(auditLog)
        .where(c.length ? and(...c) : undefined)
        .orderBy(asc(auditLog.id))
        .limit(q.limit ?? 1000);
      return rows.map(toRow);
    },

    /**
     * Seals what has committed, then walks the whole chain from its anchor in chain order; stops at the
     * first row that does not fit. `broken.id` is the row's id; the reason names chain positions.
     */
    async verify(batch = 1000): Promise<VerifyResult> {
      await seal();
      const [anchor] = await db.select().from(auditAnchor).where(eq(auditAnchor.id, 1));
      let prevHash = anchor?.lastDeletedHash ?? GENESIS_HASH;
      let expectedSeq = (anchor?.lastDeletedId ?? 0) + 1;
      let checked = 0;
      const [unsealed] = rowsOf<{ n: number | string }>(
        await db.execute(sql`SELECT count(*) AS n FROM audit_log WHERE chain_seq IS NULL`),
      );
      const pending = Number(unsealed?.n ?? 0);
      const anchoredAt = anchor
        ? { anchoredAt: { lastDeletedId: anchor.lastDeletedId, deletedCount: anchor.deletedCount } }
        : {};
      for (;;) {
        const rows = await db
          .select()
          .from(auditLog)
          .where(gte(auditLog.chainSeq, expectedSeq))
          .orderBy(asc(auditLog.chainSeq))
          .limit(batch);
        if (rows.length === 0) return { ok: true, checked, pending, ...anchoredAt };
        for (const raw of rows) {
          const r = toRow(raw);
          const seq = r.chainSeq!;
          const broken = (reason: string): VerifyResult => ({
            ok: false,
            checked,
            pending,
            broken: { id: r.id, reason },
            ...anchoredAt,
          });
          if (seq !== expectedSeq) {
            return broken(
              seq > expectedSeq
                ? `chain positions ${expectedSeq}–${seq - 1} are missing (deleted)`
                : `unexpected chain position ${seq} (expected ${expectedSeq})`,
            );
          }
          if (r.prevHash !== prevHash) return broken('prev_hash does not match the row before');
          if (chainHash(prevHash, r) !== r.hash) return broken('content does not match its hash (edited)');
          prevHash = r.hash;
          expectedSeq = seq + 1;
          checked++;
        }
      }
    },

    /**
     * Retention: deletes rows older than `cutoff` from the oldest end and anchors the chain on the last
     * deleted row's hash, so the rest still verifies. Returns how many rows went.
     */
    async deleteOlderThan(cutoff: Date, now: Date = new Date()): Promise<number> {
      await seal();
      return db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
        // Only a prefix of the chain goes: the oldest sealed row at or after the cutoff stops the deletion
        // (rows not sealed yet are recent and never go).
        const [stop] = rowsOf<{ seq: number | string | null }>(
          await tx.execute(
            sql`SELECT min(chain_seq) AS seq FROM audit_log
                 WHERE chain_seq IS NOT NULL AND at >= ${cutoff.toISOString()}::timestamptz`,
          ),
        );
        const stopSeq = stop?.seq === null || stop?.seq === undefined ? null : Number(stop.seq);
        const [last] = await tx
          .select({ seq: auditLog.chainSeq, hash: auditLog.hash })
          .from(auditLog)
          .where(stopSeq === null ? isNotNull(auditLog.chainSeq) : lt(auditLog.chainSeq, stopSeq))
          .orderBy(desc(auditLog.chainSeq))
          .limit(1);
        if (last?.seq == null || last.hash === null) return 0;
        await tx.execute(sql`SET LOCAL careloop.audit_retention = 'on'`);
        const deleted = await tx
          .delete(auditLog)
          .where(lte(auditLog.chainSeq, last.seq))
          .returning({ id: auditLog.id });
        const [anchor] = await tx.select().from(auditAnchor).where(eq(auditAnchor.id, 1));
        if (anchor) {
          await tx
            .update(auditAnchor)
            .set({
              lastDeletedId: last.seq,
              lastDeletedHash: last.hash,
              deletedCount: anchor.deletedCount + deleted.length,
              updatedAt: now,
            })
            .where(eq(auditAnchor.id, 1));
        } else {
          await tx.insert(auditAnchor).values({
            id: 1,
            lastDeletedId: last.seq,
            lastDeletedHash: last.hash,
            deletedCount: deleted.length,
            updatedAt: now,
          });
        }
        return deleted.length;
      });
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
