import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditRepository, installAuditGuards } from '../../src/store/audit.repository.ts';
import { migrate } from '../../src/store/migrate.ts';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../support/backends.ts';

/**
 * The audit log's two steps: appends in their own transactions never wait for each other; sealing gives
 * the committed rows gap-free chain positions, once, whatever runs at the same time.
 */
describe.each(BACKENDS)('audit chain sealing on %s', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(backend);
    await migrate(test.database);
    await installAuditGuards(test.database);
  });
  afterAll(async () => {
    await test?.database.close();
    await test?.drop();
  });

  const at = new Date('2026-06-01T02:00:00Z');

  it('chains concurrent appends gap-free, skipping rolled-back ones, with two sealers racing', async () => {
    const audit = createAuditRepository(test.database.db);
    const appends = Array.from({ length: 40 }, (_, i) =>
      test.database.db.transaction(async (tx) => {
        await audit.append({ at, actorType: 'system', action: `test.append.${i}`, details: { i } }, tx);
        // Every fifth change fails after writing its audit row: the row must go with it.
        if (i % 5 === 4) throw new Error('rolled back');
      }),
    );
    const settled = await Promise.allSettled(appends);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(8);

    const [a, b] = await Promise.all([audit.seal(), audit.seal()]);
    expect(a + b).toBe(32);
    const rows = await audit.query({ limit: 100 });
    expect(rows).toHaveLength(32);
    expect(rows.map((r) => r.chainSeq).sort((x, y) => x! - y!)).toEqual(
      Array.from({ length: 32 }, (_, i) => i + 1),
    );
    expect(rows.some((r) => r.action.endsWith('.4') || r.action.endsWith('.9'))).toBe(false);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 32, pending: 0 });
    // Sealing again finds nothing to do.
    expect(await audit.seal()).toBe(0);
  });

  it('refuses to change a row before or after sealing; sealing itself happens once', async () => {
    const audit = createAuditRepository(test.database.db);
    await audit.append({
      at,
      actorType: 'staff',
      actorId: 7,
      action: 'ticket.view',
      ticketNo: '2026-000001',
    });
    const [fresh] = await test.database.query<{ id: string }>(
      'SELECT id FROM audit_log WHERE chain_seq IS NULL ORDER BY id DESC LIMIT 1',
    );
    const id = Number(fresh!.id);
    // Not sealed yet: content changes are refused, also disguised as a seal.
    await expect(
      test.database.query("UPDATE audit_log SET action = 'ticket.nothing' WHERE id = $1", [id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      test.database.query(
        "UPDATE audit_log SET chain_seq = 999, prev_hash = 'x', hash = 'y', actor_id = 8 WHERE id = $1",
        [id],
      ),
    ).rejects.toThrow(/append-only/);
    expect(await audit.seal()).toBe(1);
    // Sealed: not even the seal columns change again.
    await expect(
      test.database.query("UPDATE audit_log SET hash = 'forged' WHERE id = $1", [id]),
    ).rejects.toThrow(/append-only/);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 33 });
  });

  it('names a missing chain position when a sealed row is deleted behind the guard', async () => {
    const audit = createAuditRepository(test.database.db);
    await test.database.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await test.database.exec('DELETE FROM audit_log WHERE chain_seq = 10');
    } finally {
      await test.database.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
    const result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.broken?.reason).toMatch(/chain positions 10–10 are missing/);
  });
});
