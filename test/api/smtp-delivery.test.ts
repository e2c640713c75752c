import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxRepository } from '../../src/store/outbox.repository.ts';
import { BACKENDS, fakeClock, startTestRuntime, type TestRuntime } from '../support/backends.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback, port chosen by the system; it keeps what it receives. */
async function startSmtpServer(): Promise<{ server: SMTPServer; port: number; inbox: Received[] }> {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, inbox };
}

/** The decoded text body of a MIME message as nodemailer writes it (quoted-printable or base64). */
function textOf(raw: string): string {
  const [headers = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(headers))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  const qp = body.replace(/=\r?\n/g, '').replace(/(=[0-9A-F]{2})+/g, (m) =>
    Buffer.from(
      m
        .split('=')
        .slice(1)
        .map((h) => Number.parseInt(h, 16)),
    ).toString('utf8'),
  );
  return qp;
}

describe.each(BACKENDS)('SMTP delivery on %s', (backend) => {
  let rt: TestRuntime;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const clock = fakeClock('2026-03-11T02:00:00Z');

  beforeAll(async () => {
    smtp = await startSmtpServer();
    rt = await startTestRuntime(backend, {
      clock,
      config: {
        notify: {
          smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
          mailFrom: 'Patient Relations <relations@hospital.test>',
          smsHttpUrl: undefined,
          wechatHttpUrl: undefined,
          httpToken: undefined,
        },
      },
    });
  });
  afterAll(async () => {
    await rt?.drop();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  it('delivers the acknowledgement in the ticket language to a real SMTP server', async () => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text: 'The car park barrier charged me twice.', email: 'patient@example.test', lang: 'en' },
    });
    expect(res.statusCode).toBe(201);
    const { ticketNo, trackingCode } = res.json();
    await rt.jobs.runOnce('deliver-notifications', clock());

    const mail = smtp.inbox.find((m) => m.to.includes('patient@example.test'));
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('relations@hospital.test');
    expect(mail!.raw).toMatch(new RegExp(`Subject: We received your feedback \\(${ticketNo}\\)`));
    const text = textOf(mail!.raw);
    expect(text).toContain(`registered as ${ticketNo}`);
    expect(text).toContain(trackingCode);

    // Delivered: marked sent, and the body (which held the tracking code) is no longer kept.
    const [row] = await createOutboxRepository(rt.database.db).list({ state: 'sent', limit: 10 });
    expect(row).toMatchObject({ state: 'sent', provider: 'smtp', body: '', attempts: 1 });
  });

  it('writes Chinese messages for Chinese tickets', async () => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text: '门诊大厅的空调太冷了', email: 'zh@example.test' },
    });
    await rt.jobs.runOnce('deliver-notifications', clock());
    const mail = smtp.inbox.find((m) => m.to.includes('zh@example.test'));
    expect(mail).toBeDefined();
    expect(textOf(mail!.raw)).toContain(`您的反馈已登记，编号 ${res.json().ticketNo}`);
  });
});
