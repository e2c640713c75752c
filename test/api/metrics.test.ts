import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';

const TOKEN = 'metrics-token-0123456789';

/** The value of one sample line, e.g. `careloop_tickets_open{status="new"}`; undefined when absent. */
function sample(text: string, nameAndLabels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${nameAndLabels} `));
  return line === undefined ? undefined : Number(line.slice(nameAndLabels.length + 1));
}

describe.each(BACKENDS)('metrics on %s', (backend) => {
  let rt: TestRuntime;
  const clock = fakeClock('2026-03-11T02:00:00Z');

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock, config: { metricsToken: TOKEN } });
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const scrape = async () => {
    const res = await rt.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.body;
  };

  it('refuses scrapers without the token', async () => {
    expect((await rt.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    const wrong = await rt.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-0123456780' },
    });
    expect(wrong.statusCode).toBe(404);
  });

  it('counts intake by channel and level, open tickets by status, requests by route', async () => {
    for (const text of ['候诊时间太长了', '停车场收费不合理']) {
      expect(
        (await rt.app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { text } })).statusCode,
      ).toBe(201);
    }
    const body = await scrape();
    expect(sample(body, 'careloop_tickets_received_total{channel="web",level="none"}')).toBe(2);
    expect(sample(body, 'careloop_tickets_open{status="new"}')).toBe(2);
    expect(
      sample(
        body,
        'careloop_http_request_duration_seconds_count{method="POST",route="/api/v1/feedback",status_code="201"}',
      ),
    ).toBe(2);
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toContain('process_resident_memory_bytes');
    expect(sample(body, `careloop_build_info{version="0.1.0",backend="${backend}"}`)).toBe(1);
    if (backend === 'postgres')
      expect(sample(body, 'careloop_db_pool_connections{state="total"}')).toBeGreaterThan(0);
  });

  it('reports a level-1 ticket as overdue once its first-response deadline has passed unanswered', async () => {
    const staff = await loginHeaders(rt);
    const list = (
      await rt.app.inject({ method: 'GET', url: '/api/v1/tickets?status=new', headers: staff })
    ).json();
    const ticketNo = list.items[0].ticketNo;
    const triage = await rt.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticketNo}/triage`,
      payload: { kind: 'complaint', category: 'clinical', level: 1 },
      headers: staff,
    });
    expect(triage.statusCode).toBe(200);
    // 10 minutes after receipt: within the 30-minute level-1 target.
    clock.set('2026-03-11T02:10:00Z');
    expect(sample(await scrape(), 'careloop_tickets_first_response_overdue{level="1"}')).toBe(0);
    clock.set('2026-03-11T02:45:00Z');
    expect(sample(await scrape(), 'careloop_tickets_first_response_overdue{level="1"}')).toBe(1);
    // Answered: no longer overdue (the metric is about patients waiting).
    const reply = await rt.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticketNo}/reply`,
      payload: { text: '您好，已收到。' },
      headers: staff,
    });
    expect(reply.statusCode).toBe(200);
    clock.advance(60_000);
    expect(sample(await scrape(), 'careloop_tickets_first_response_overdue{level="1"}')).toBe(0);
  });

  it('reports whether the shipped calendars cover this year and the next', async () => {
    const body = await scrape();
    expect(
      sample(body, 'careloop_calendar_year_missing{calendar="cn-mainland",year="2026",which="current"}'),
    ).toBe(0);
    expect(
      sample(body, 'careloop_calendar_year_missing{calendar="cn-mainland",year="2027",which="next"}'),
    ).toBeDefined();
  });
});

describe('metrics without a token', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime('pglite');
  });
  afterAll(async () => {
    await rt?.drop();
  });

  it('answers this machine only, and not requests relayed by a local reverse proxy', async () => {
    expect((await rt.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    expect(
      (await rt.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode,
    ).toBe(404);
    const relayed = await rt.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(relayed.statusCode).toBe(404);
  });
});
