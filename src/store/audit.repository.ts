import { createHash } from 'node:crypto';
import { and, asc, eq, gt, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import { type Database, type Db, rowsOf } from './database.ts';
import { auditAnchor, auditLog } from './schema-security.ts';

/**
 * The hash-chained audit log. Appends are serialised (a transaction-scoped advisory lock on PostgreSQL;
 * PGlite has one connection anyway), so every row links to the one before it and ids have no gaps.
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
  prevHash: string;
  hash: string;
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

export function canonicalRow(r: Omit<AuditRow, 'prevHash' | 'hash'>): string {
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

export function chainHash(prevHash: string, r: Omit<AuditRow, 'prevHash' | 'hash'>): string {
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
  /** The first row that does not fit the chain, and why. */
  broken?: { id: number; reason: string };
  anchoredAt?: { lastDeletedId: number; deletedCount: number };
}

/**
 * Makes the table append-only inside the database as well: UPDATE is refused, DELETE only inside the
 * retention job's transaction. A database superuser can still get round this — that is what the hash
 * chain is for.
 */
export async function installAuditGuards(database: Database): Promise<void> {
  await database.exec(`
    CREATE OR REPLACE FUNCTION careloop_audit_append_only() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('careloop.audit_retention', true) = 'on' THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only';
    END;
    $$ LANGUAGE plpgsql;
    CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION careloop_audit_append_only();
  `);
}

export function createAuditRepository(db: Db) {
  async function append(entry: AuditEntry, tx: Db): Promise<AuditRow> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [last] = await tx
      .select({ id: auditLog.id, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(sql`${auditLog.id} DESC`)
      .limit(1);
    let prevId = last?.id;
    let prevHash = last?.hash;
    if (prevId === undefined) {
      const [anchor] = await tx.select().from(auditAnchor).where(eq(auditAnchor.id, 1));
      prevId = anchor?.lastDeletedId ?? 0;
      prevHash = anchor?.lastDeletedHash ?? GENESIS_HASH;
    }
    const row = {
      id: prevId + 1,
      at: entry.at,
      actorType: entry.actorType,
      actorId: entry.actorId ?? null,
      actorName: entry.actorName ?? null,
      ip: entry.ip ?? null,
      action: entry.action,
      ticketId: entry.ticketId ?? null,
      ticketNo: entry.ticketNo ?? null,
      target: entry.target ?? null,
      // What jsonb will give back: no undefined, dates as strings.
      details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
    };
    const hash = chainHash(prevHash!, row);
    await tx.insert(auditLog).values({ ...row, prevHash: prevHash!, hash });
    return { ...row, prevHash: prevHash!, hash };
  }

  return {
    /** Appends in `tx` (the caller's transaction, so the entry commits with the change it records). */
    async append(entry: AuditEntry, tx?: Db): Promise<AuditRow> {
      if (tx) return append(entry, tx);
      return db.transaction((t) => append(entry, t));
    },

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

    /** Walks the whole chain from its anchor; stops at the first row that does not fit. */
    async verify(batch = 1000): Promise<VerifyResult> {
      const [anchor] = await db.select().from(auditAnchor).where(eq(auditAnchor.id, 1));
      let prevHash = anchor?.lastDeletedHash ?? GENESIS_HASH;
      let expectedId = (anchor?.lastDeletedId ?? 0) + 1;
      let checked = 0;
      const anchoredAt = anchor
        ? { anchoredAt: { lastDeletedId: anchor.lastDeletedId, deletedCount: anchor.deletedCount } }
        : {};
      for (;;) {
        const rows = await db
          .select()
          .from(auditLog)
          .where(gte(auditLog.id, expectedId))
          .orderBy(asc(auditLog.id))
          .limit(batch);
        if (rows.length === 0) return { ok: true, checked, ...anchoredAt };
        for (const raw of rows) {
          const r = toRow(raw);
          if (r.id !== expectedId) {
            return {
              ok: false,
              checked,
              broken: {
                id: r.id,
                reason:
                  r.id > expectedId
                    ? `rows ${expectedId}–${r.id - 1} are missing (deleted)`
                    : `unexpected row id (expected ${expectedId})`,
              },
              ...anchoredAt,
            };
          }
          if (r.prevHash !== prevHash) {
            return {
              ok: false,
              checked,
              broken: { id: r.id, reason: 'prev_hash does not match the row before' },
              ...anchoredAt,
            };
          }
          if (chainHash(prevHash, r) !== r.hash) {
            return {
              ok: false,
              checked,
              broken: { id: r.id, reason: 'content does not match its hash (edited)' },
              ...anchoredAt,
            };
          }
          prevHash = r.hash;
          expectedId = r.id + 1;
          checked++;
        }
      }
    },

    /**
     * Retention: deletes rows older than `cutoff` from the oldest end and anchors the chain on the last
     * deleted row's hash, so the rest still verifies. Returns how many rows went.
     */
    async deleteOlderThan(cutoff: Date, now: Date = new Date()): Promise<number> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
        // Only a prefix of the chain goes: the oldest row at or after the cutoff stops the deletion.
        const [stop] = rowsOf<{ id: number | string | null }>(
          await tx.execute(
            sql`SELECT min(id) AS id FROM audit_log WHERE at >= ${cutoff.toISOString()}::timestamptz`,
          ),
        );
        const stopId = stop?.id === null || stop?.id === undefined ? null : Number(stop.id);
        const [last] = await tx
          .select({ id: auditLog.id, hash: auditLog.hash })
          .from(auditLog)
          .where(stopId === null ? undefined : lt(auditLog.id, stopId))
          .orderBy(sql`${auditLog.id} DESC`)
          .limit(1);
        if (!last) return 0;
        await tx.execute(sql`SET LOCAL careloop.audit_retention = 'on'`);
        const deleted = await tx
          .delete(auditLog)
          .where(lte(auditLog.id, last.id))
          .returning({ id: auditLog.id });
        const [anchor] = await tx.select().from(auditAnchor).where(eq(auditAnchor.id, 1));
        if (anchor) {
          await tx
            .update(auditAnchor)
            .set({
              lastDeletedId: last.id,
              lastDeletedHash: last.hash,
              deletedCount: anchor.deletedCount + deleted.length,
              updatedAt: now,
            })
            .where(eq(auditAnchor.id, 1));
        } else {
          await tx.insert(auditAnchor).values({
            id: 1,
            lastDeletedId: last.id,
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
