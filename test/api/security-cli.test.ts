import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { createRuntime } from '../../src/server.ts';
import { openDatabase } from '../../src/store/database.ts';
import { BACKENDS, createPgDatabase, testConfig } from '../support/backends.ts';

/** `careloop audit verify|export` and `careloop keys rotate` against a real data folder / server database. */
describe.each(BACKENDS)('security commands on %s', (backend) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-sec-'));
  let url: string | undefined;
  let drop = async () => {};
  const saved = { ...process.env };
  afterAll(async () => {
    process.env = saved;
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      readFile: async () => '',
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const open = () => openDatabase(url ? { databaseUrl: url } : { dataDir });

  it('generates a key file (0600), rotates keys, verifies and exports the audit log, names a tampered row', async () => {
    if (backend === 'postgres') ({ url, drop } = await createPgDatabase());
    process.env.CARELOOP_DATA_DIR = dataDir;
    if (url) process.env.DATABASE_URL = url;
    else delete process.env.DATABASE_URL;
    const config = testConfig({ dataDir, databaseUrl: url, security: undefined });
    const rt = await createRuntime({ config });
    const submit = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text: '检验科报告迟迟拿不到。', phone: '13700001111' },
    });
    expect(submit.statusCode).toBe(201);
    await rt.close();

    const keyFile = path.join(dataDir, 'careloop-keys.json');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const before = JSON.parse(fs.readFileSync(keyFile, 'utf8')).current;

    const rotated = await run('keys', 'rotate');
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toMatch(/re-encrypted 1 tickets/);
    const after = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
    expect(after.current).not.toBe(before);
    expect(Object.keys(after.keys)).toContain(before);
    let db = await open();
    const [raw] = await db.query<{ contact_phone: string }>('SELECT contact_phone FROM tickets');
    expect(raw!.contact_phone.startsWith(`enc1:${after.current}:`)).toBe(true);
    await db.close();
    // The rotated ticket is still found and read by phone.
    const rt2 = await createRuntime({ config });
    const phone = await rt2.app.inject({
      method: 'GET',
      url: `/api/v1/track/${submit.json().trackingCode}?phone4=1111`,
    });
    expect(phone.statusCode).toBe(200);
    await rt2.close();

    const ok = await run('audit', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/audit chain OK/);
    const exported = await run('audit', 'export', '--from', '2000-01-01');
    expect(exported.out.split('\n').filter(Boolean).length).toBeGreaterThan(0);

    db = await open();
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await db.query("UPDATE audit_log SET action = 'ticket.nothing' WHERE id = 1");
    await db.close();
    const broken = await run('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/BROKEN at row 1/);
  }, 600_000);
});
