import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/server.ts';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  openTestDatabase,
  type TestDatabase,
  testConfig,
} from '../support/backends.ts';

// Distinctive values: if any of them reaches a log line, this test finds it.
const PHONE = '13912348765';
const NAME = '欧阳隐私';
const EMAIL = 'ouyang.private@example.org';
const TEXT = '输液室护士把我的药弄错了，差点出事，编号XQ-PRIVATE-77。';
const REPLY = '您好，药剂科正在核查此事 PRIVATE-REPLY-42。';

describe.each(BACKENDS)('logs of a full journey on %s', (backend) => {
  const lines: string[] = [];
  let rt: Runtime;
  let test: TestDatabase;
  const clock = fakeClock('2026-03-11T02:00:00Z');

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    const config = testConfig({ logLevel: 'trace' });
    const logger = createLogger(config, { write: (line: string) => void lines.push(line) });
    rt = await createRuntime({ config, database: test.database, logger, clock });
  });
  afterAll(async () => {
    await rt?.close();
    await test?.drop();
  });

  it('never writes the patient’s phone, name, email, complaint text or tracking code', async () => {
    const inject = (method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
      rt.app.inject({ method, url, ...(payload ? { payload } : {}), headers });

    const submit = await inject('POST', '/api/v1/feedback', {
      text: TEXT,
      name: NAME,
      phone: PHONE,
      email: EMAIL,
    });
    expect(submit.statusCode).toBe(201);
    const { ticketNo, trackingCode } = submit.json();
    expect((await inject('GET', `/api/v1/track/${trackingCode}?phone4=8765`)).statusCode).toBe(200);
    expect((await inject('GET', `/api/v1/track/${trackingCode}?phone4=0000`)).statusCode).toBe(404);
    // Refused requests that echo personal data in the body must not log it either.
    expect(
      (await inject('POST', '/api/v1/feedback', { text: TEXT, name: NAME, phone: PHONE, extra: PHONE }))
        .statusCode,
    ).toBe(400);

    const staff = await loginHeaders(rt);
    expect((await inject('GET', `/api/v1/tickets/${ticketNo}`, undefined, staff)).statusCode).toBe(200);
    expect((await inject('GET', '/api/v1/tickets?status=new', undefined, staff)).statusCode).toBe(200);
    clock.advance(10 * 60_000);
    expect(
      (await inject('POST', `/api/v1/tickets/${ticketNo}/reply`, { text: REPLY }, staff)).statusCode,
    ).toBe(200);
    expect(
      (await inject('POST', `/api/v1/tickets/${ticketNo}/notes`, { text: REPLY }, staff)).statusCode,
    ).toBe(200);
    expect(
      (await inject('POST', `/api/v1/track/${trackingCode}/messages`, { text: TEXT, phone4: '8765' }))
        .statusCode,
    ).toBeLessThan(500);

    const log = lines.join('');
    // The user id appears once per line (the guard's child logger and the request line must not both add it).
    const replyLine = lines.find((l) => l.includes('"route":"/api/v1/tickets/:ticketNo/reply"')) ?? '';
    expect(replyLine.split('"userId"').length - 1).toBe(1);
    // The capture works and carries what operators need: a line per request, with ids.
    const parsed = lines.map((l) => JSON.parse(l));
    const completed = parsed.filter((l) => l.msg === 'request completed');
    expect(completed.length).toBeGreaterThanOrEqual(9);
    expect(completed.every((l) => typeof l.reqId === 'string' && typeof l.route === 'string')).toBe(true);
    expect(completed.some((l) => l.route === '/api/v1/track/:trackingCode')).toBe(true);
    expect(completed.filter((l) => l.route === '/api/v1/tickets/:ticketNo/reply')[0]?.userId).toEqual(
      expect.any(Number),
    );

    for (const secret of [
      PHONE,
      'phone4=8765',
      NAME,
      EMAIL,
      TEXT,
      'XQ-PRIVATE-77',
      'PRIVATE-REPLY-42',
      trackingCode,
    ]) {
      expect(log, `logs contain ${secret}`).not.toContain(secret);
    }
  });
});
