import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';

describe.each(BACKENDS)('dashboard summary and live stream on %s', (backend) => {
  let rt: TestRuntime;
  // 23:30 in Shanghai on 10 March; the next ticket lands after local midnight, on 11 March.
  const clock = fakeClock('2026-03-10T15:30:00Z');
  let staff: Record<string, string>;

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
    staff = await loginHeaders(rt);
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const submit = async (text: string) => {
    const res = await rt.app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { text } });
    expect(res.statusCode).toBe(201);
    return res.json().ticketNo as string;
  };

  it('counts open tickets by level and status, and received/closed per local day', async () => {
    const first = await submit('候诊时间太长，等了三个小时。');
    clock.set('2026-03-10T16:30:00Z'); // 00:30 on 11 March in Shanghai
    const second = await submit('收费窗口多收了挂号费。');
    const triage = await rt.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${second}/triage`,
      headers: staff,
      payload: { kind: 'complaint', category: 'billing', level: 2 },
    });
    expect(triage.statusCode).toBe(200);
    const onSpot = await rt.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${first}/transition`,
      headers: staff,
      payload: { action: 'resolve_on_spot', reason: '当面解释并致歉' },
    });
    expect(onSpot.statusCode).toBe(200);

    const res = await rt.app.inject({ method: 'GET', url: '/api/v1/dashboard/summary', headers: staff });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.timeZone).toBe('Asia/Shanghai');
    expect(body.openByLevelStatus).toEqual([{ level: 2, status: 'new', count: 1 }]);
    expect(body.perDay).toHaveLength(30);
    expect(body.perDay.at(-1)).toEqual({ day: '2026-03-11', received: 1, closed: 1 });
    expect(body.perDay.at(-2)).toEqual({ day: '2026-03-10', received: 1, closed: 0 });
    expect(body.perDay[0].day).toBe('2026-02-10');
    expect(body.topCategories).toEqual([{ category: 'billing', count: 1 }]);
  });

  it('refuses the dashboard without a session, and to a role without report.read', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/api/v1/dashboard/summary' });
    expect(res.statusCode).toBe(401);

    const dept = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/workflow/departments',
      headers: staff,
      payload: { code: 'ward3', name: '三病区' },
    });
    expect(dept.statusCode).toBe(201);
    const user = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: staff,
      payload: {
        username: 'ward3-handler',
        displayName: 'Ward 3',
        password: 'Ward-three-handler-1',
        role: 'department_handler',
        departmentId: dept.json().id,
      },
    });
    expect(user.statusCode).toBe(201);
    const handler = await loginHeaders(rt, 'ward3-handler', 'Ward-three-handler-1');
    const refused = await rt.app.inject({
      method: 'GET',
      url: '/api/v1/dashboard/summary',
      headers: handler,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('streams ticket.created to a logged-in console, and refuses a stream without a session', async () => {
    await rt.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = rt.app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;

    expect((await fetch(`${base}/api/v1/events/stream`)).status).toBe(401);

    const controller = new AbortController();
    const res = await fetch(`${base}/api/v1/events/stream`, {
      headers: { cookie: staff.cookie! },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${needle}"`);
        received += decoder.decode(value);
      }
    };
    await readUntil(': connected');
    const ticketNo = await submit('急诊病人胸痛，没人管。');
    await readUntil(ticketNo);
    const frame = received.split('\n\n').find((f) => f.includes(ticketNo))!;
    expect(frame).toContain('event: ticket.created');
    const data = JSON.parse(
      frame
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6),
    );
    expect(data).toMatchObject({ type: 'ticket.created', ticketNo, status: 'new', previousLevel: null });
    controller.abort();
  });
});
