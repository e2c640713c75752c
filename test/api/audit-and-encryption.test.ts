import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSecurityConfig } from '../../src/security/security-config.ts';
import { createAuditRepository } from '../../src/store/audit.repository.ts';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';

/**
 * Issue 6: the hash-chained audit log (every look and every change; tampering by SQL is found and named),
 * contact details encrypted at rest (no plaintext in the raw table), tracking brute force, lock-out.
 */
const PHONE = '13955556789';
const NAME = '赵加密';
const EMAIL = 'zhao.secret@example.org';
const PASSWORD = 'a-long-enough-passphrase';

describe.each(BACKENDS)('audit log and encryption on %s', (backend) => {
  let rt: TestRuntime;
  const clock = fakeClock('2026-03-11T02:00:00Z');
  let staff: Record<string, string>;
  let ticketNo = '';
  let trackingCode = '';

  const req = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    rt.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    rt = await startTestRuntime(backend, {
      clock,
      config: {
        security: defaultSecurityConfig({
          rateLimits: { feedbackPerMinute: 1000, trackingPerMinute: 8, loginPerMinute: 1000 },
          login: { perAccount: 3, perIp: 50, windowMinutes: 15, lockMinutes: 15 },
        }),
      },
    });
    staff = await loginHeaders(rt);
    const res = await req(
      'POST',
      '/api/v1/feedback',
      {},
      { text: '收费处多收了我两百元。', name: NAME, phone: PHONE, email: EMAIL },
    );
    ({ ticketNo, trackingCode } = res.json());
  }, 600_000);
  afterAll(async () => {
    await rt?.drop();
  });

  it('stores contact details encrypted: the raw table holds no plaintext', async () => {
    const [raw] = await rt.database.query<Record<string, string | null>>(
      'SELECT contact_name, contact_phone, contact_email, contact_phone_hmac, phone_last4 FROM tickets WHERE ticket_no = $1',
      [ticketNo],
    );
    const all = JSON.stringify(raw);
    for (const plain of [PHONE, NAME, EMAIL, PHONE.slice(0, 7)]) expect(all).not.toContain(plain);
    expect(raw!.contact_phone).toMatch(/^enc1:k[0-9a-f]{10}:/);
    expect(raw!.contact_name).toMatch(/^enc1:/);
    expect(raw!.phone_last4).toBe('6789');
    // …and the product reads them back transparently.
    const revealed = await req('POST', `/api/v1/tickets/${ticketNo}/reveal-contact`, staff);
    expect(revealed.json().contact).toMatchObject({
      contactName: NAME,
      contactPhone: PHONE,
      contactEmail: EMAIL,
    });
  });

  it('writes every look and every change to the audit log, and the chain verifies', async () => {
    await req('GET', `/api/v1/tickets/${ticketNo}`, staff);
    clock.advance(60_000);
    expect(
      (await req('POST', `/api/v1/tickets/${ticketNo}/reply`, staff, { text: '您好，已转财务核实。' }))
        .statusCode,
    ).toBe(200);
    const auditor = await req('POST', '/api/v1/admin/users', staff, {
      username: 'auditor1',
      displayName: 'Auditor',
      password: PASSWORD,
      role: 'auditor',
    });
    // The test admin has case grants but still only users.manage among admin permissions.
    expect(auditor.statusCode).toBe(201);
    const auditorHeaders = await loginHeaders(rt, 'auditor1', PASSWORD);
    const rows = (await req('GET', `/api/v1/audit?ticketNo=${ticketNo}`, auditorHeaders)).json().items;
    const actions = rows.map((r: { action: string }) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['ticket.create', 'ticket.contact.reveal', 'ticket.view', 'ticket.reply']),
    );
    const view = rows.find((r: { action: string }) => r.action === 'ticket.view');
    expect(view.actorType).toBe('staff');
    expect(view.actorName).toBe('admin');
    expect(view.ip).toBe('127.0.0.1');
    const verify = await req('GET', '/api/v1/audit/verify', auditorHeaders);
    expect(verify.json()).toMatchObject({ ok: true });
    const exported = await req('GET', '/api/v1/audit/export', auditorHeaders);
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    const lines = exported.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(verify.json().checked);
    // Nothing in the audit log holds the patient's contact details.
    for (const secret of [PHONE, NAME, EMAIL]) expect(exported.body).not.toContain(secret);
  });

  it('refuses UPDATE and DELETE on the audit table, and names the row edited behind its back', async () => {
    const auditLog = createAuditRepository(rt.database.db);
    // The chain vouches for sealed rows (the audit-seal job seals every few seconds; verify seals first).
    await auditLog.seal();
    await expect(rt.database.query("UPDATE audit_log SET action = 'x' WHERE id = 2")).rejects.toThrow(
      /append-only/,
    );
    await expect(rt.database.query('DELETE FROM audit_log WHERE id = 2')).rejects.toThrow(/append-only/);
    // Someone with the database owner's rights switches the guard off and edits a row.
    const [original] = await rt.database.query<{ ip: string | null }>(
      'SELECT ip FROM audit_log WHERE id = 3',
    );
    await rt.database.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await rt.database.query("UPDATE audit_log SET ip = '10.6.6.6' WHERE id = 3");
    const result = await auditLog.verify();
    expect(result.ok).toBe(false);
    expect(result.broken).toMatchObject({ id: 3 });
    expect(result.broken!.reason).toMatch(/edited/);
    // Put back, the chain verifies again; deleting a row instead is found too, naming the row after the gap.
    await rt.database.query('UPDATE audit_log SET ip = $1 WHERE id = 3', [original!.ip]);
    expect((await auditLog.verify()).ok).toBe(true);
    await rt.database.query('DELETE FROM audit_log WHERE id = 2');
    const afterDelete = await auditLog.verify();
    expect(afterDelete.ok).toBe(false);
    expect(afterDelete.broken!.id).toBe(3);
    await rt.database.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  });

  it('retention deletes only from the oldest end and keeps the rest verifiable (anchored chain)', async () => {
    // A fresh chain in a fresh table state: clear tampered rows as the retention job would, then append.
    await rt.database.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await rt.database.exec('DELETE FROM audit_log; DELETE FROM audit_anchor;');
    await rt.database.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const auditLog = createAuditRepository(rt.database.db);
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 6; i++) {
      await auditLog.append({
        at: new Date(base + i * 86_400_000),
        actorType: 'system',
        action: `test.${i}`,
      });
    }
    const deleted = await auditLog.deleteOlderThan(new Date(base + 3 * 86_400_000));
    expect(deleted).toBe(3);
    const result = await auditLog.verify();
    expect(result).toMatchObject({ ok: true, checked: 3, anchoredAt: { deletedCount: 3 } });
    await auditLog.append({ at: new Date(base + 7 * 86_400_000), actorType: 'system', action: 'test.7' });
    expect((await auditLog.verify()).ok).toBe(true);
  });

  it('locks an account after repeated failures, for known and unknown usernames alike', async () => {
    const login = (username: string, password: string) =>
      req('POST', '/api/v1/auth/login', {}, { username, password });
    for (const username of ['admin', 'no-such-user']) {
      for (let i = 0; i < 3; i++) expect((await login(username, 'wrong-password-1')).statusCode).toBe(401);
      const locked = await login(username, 'wrong-password-1');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('AUTH_LOCKED');
    }
    // Even the right password waits for the lock to pass.
    expect((await login('admin', 'correct-horse-battery')).statusCode).toBe(429);
    clock.advance(16 * 60_000);
    expect((await login('admin', 'correct-horse-battery')).statusCode).toBe(200);
  });

  it('anonymises a data subject on request: identity gone, facts kept, tracking code dead', async () => {
    const qm = await req('POST', '/api/v1/admin/users', staff, {
      username: 'quality1',
      displayName: 'QM',
      password: PASSWORD,
      role: 'quality_manager',
    });
    expect(qm.statusCode).toBe(201);
    const qmHeaders = await loginHeaders(rt, 'quality1', PASSWORD);
    const exported = (await req('POST', '/api/v1/privacy/export', qmHeaders, { phone: PHONE })).json();
    expect(exported.tickets.map((t: { ticket: { ticketNo: string } }) => t.ticket.ticketNo)).toEqual([
      ticketNo,
    ]);
    expect(exported.tickets[0].ticket.contactPhone).toBe(PHONE);
    const erased = await req('POST', '/api/v1/privacy/erase', qmHeaders, {
      phone: PHONE,
      reason: 'PIPL art. 47 request',
    });
    expect(erased.json().anonymised).toEqual([ticketNo]);
    const [raw] = await rt.database.query<Record<string, unknown>>(
      'SELECT contact_name, contact_phone, contact_email, contact_phone_hmac, text, anonymised_at FROM tickets WHERE ticket_no = $1',
      [ticketNo],
    );
    expect(raw).toMatchObject({
      contact_name: null,
      contact_phone: null,
      contact_email: null,
      contact_phone_hmac: null,
    });
    expect(raw!.text).toContain('收费处');
    expect(raw!.anonymised_at).not.toBeNull();
    clock.advance(2 * 60_000);
    expect((await req('GET', `/api/v1/track/${trackingCode}`)).statusCode).toBe(404);
  });
  it('answers a wrong phone4 with 404 and rate-limits tracking brute force per address', async () => {
    // A new case (the first one's identity was erased above, and its code with it).
    ({ trackingCode } = (
      await req('POST', '/api/v1/feedback', {}, { text: '门诊药房排队太久。', phone: PHONE })
    ).json());
    expect((await req('GET', `/api/v1/track/${trackingCode}?phone4=6789`)).statusCode).toBe(200);
    expect((await req('GET', `/api/v1/track/${trackingCode}?phone4=0000`)).statusCode).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        (await req('GET', `/api/v1/track/${trackingCode}?phone4=${String(1000 + i)}`)).statusCode,
      );
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 404 && s !== 429)).toEqual([]);
    const limited = await req('GET', `/api/v1/track/${trackingCode}?phone4=6789`);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
  });
});
