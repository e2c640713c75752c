import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';

describe.each(BACKENDS)('closed loop on %s', (backend) => {
  let rt: TestRuntime;
  const clock = fakeClock('2026-03-11T02:00:00Z');
  let staff: Record<string, string>;

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
    staff = await loginHeaders(rt);
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    rt.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const get = (url: string, headers: Record<string, string> = {}) =>
    rt.app.inject({ method: 'GET', url, headers });

  it('answers /healthz once the database answers', async () => {
    const res = await get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('walks one ticket from submission to the patient confirming, with every step on the timeline', async () => {
    const submit = await post('/api/v1/feedback', {
      text: '挂号窗口的工作人员态度很差，问两句就不耐烦。',
      name: '张三',
      phone: '13800005678',
    });
    expect(submit.statusCode).toBe(201);
    const { ticketNo, trackingCode, status, receivedAt } = submit.json();
    expect(ticketNo).toMatch(/^2026-\d{6}$/);
    expect(trackingCode).toMatch(/^[0-9A-Z]{26}$/);
    expect(status).toBe('new');
    expect(receivedAt).toBe('2026-03-11T02:00:00.000Z');

    // The patient can follow it with the last four digits of the phone, and only with them.
    expect((await get(`/api/v1/track/${trackingCode}?phone4=5678`)).statusCode).toBe(200);
    expect((await get(`/api/v1/track/${trackingCode}?phone4=0000`)).statusCode).toBe(404);
    expect((await get(`/api/v1/track/${trackingCode}`)).statusCode).toBe(404);

    // Staff see it in the list, reply, note, propose a resolution.
    const list = await get('/api/v1/tickets?status=new', staff);
    expect(list.statusCode).toBe(200);
    const row = list.json().items.find((t: { ticketNo: string }) => t.ticketNo === ticketNo);
    expect(row.contactPhone).toBe('138****5678');

    clock.advance(30 * 60_000);
    const reply = await post(
      `/api/v1/tickets/${ticketNo}/reply`,
      { text: '您好，我们已收到并转交门诊部核实。' },
      staff,
    );
    expect(reply.statusCode).toBe(200);
    expect(reply.json().ticket.status).toBe('acknowledged');
    expect(reply.json().ticket.firstResponseAt).toBe('2026-03-11T02:30:00.000Z');

    expect(
      (await post(`/api/v1/tickets/${ticketNo}/notes`, { text: '已联系门诊部护士长' }, staff)).statusCode,
    ).toBe(200);
    expect(
      (await post(`/api/v1/tickets/${ticketNo}/transition`, { action: 'start' }, staff)).json().ticket.status,
    ).toBe('in_progress');
    clock.advance(3 * 3600_000);
    const proposed = await post(
      `/api/v1/tickets/${ticketNo}/propose-resolution`,
      { text: '已对当事人进行批评教育，并安排服务礼仪培训。', rootCause: 'people' },
      staff,
    );
    expect(proposed.json().ticket.status).toBe('resolution_proposed');

    clock.advance(3600_000);
    const confirm = await post(`/api/v1/track/${trackingCode}/confirm`, {
      satisfied: true,
      comment: '谢谢',
      phone4: '5678',
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().status).toBe('closed');

    // A second confirmation is refused and changes nothing.
    const again = await post(`/api/v1/track/${trackingCode}/confirm`, { satisfied: true, phone4: '5678' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TICKET_NOT_AWAITING_CONFIRMATION');

    // The patient's timeline shows the patient-visible steps only; staff see everything, in order.
    const patient = (await get(`/api/v1/track/${trackingCode}?phone4=5678`)).json();
    const patientTypes = patient.timeline.map((e: { type: string }) => e.type);
    expect(patientTypes).toContain('reply');
    expect(patientTypes).toContain('resolution_proposed');
    expect(patientTypes).toContain('patient_confirmed');
    expect(patientTypes).not.toContain('note');
    expect(patientTypes).not.toContain('root_cause_recorded');

    const detail = (await get(`/api/v1/tickets/${ticketNo}`, staff)).json();
    const seqs = detail.timeline.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual([
      'received',
      'reply',
      'status_changed',
      'note',
      'status_changed',
      'resolution_proposed',
      'root_cause_recorded',
      'status_changed',
      'patient_confirmed',
      'status_changed',
    ]);
    expect(detail.ticket.closure).toBe('confirmed');
    expect(detail.timeline.at(-1).at).toBe('2026-03-11T06:30:00.000Z');
  });

  it('reopens a ticket the patient says is not solved', async () => {
    const { ticketNo, trackingCode } = (
      await post('/api/v1/feedback', { text: 'The invoice was never posted to me.', anonymous: true })
    ).json();
    await post(`/api/v1/tickets/${ticketNo}/propose-resolution`, { text: 'We re-sent the invoice.' }, staff);
    const res = await post(`/api/v1/track/${trackingCode}/confirm`, {
      satisfied: false,
      comment: 'Still nothing arrived.',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('in_progress');
    const detail = (await get(`/api/v1/tickets/${ticketNo}`, staff)).json();
    expect(detail.ticket.reopenCount).toBe(1);
  });

  it('keeps anonymous feedback free of contact details, even ones sent by mistake', async () => {
    const res = await post('/api/v1/feedback', {
      text: 'Anonymous note about the parking lot lights.',
      anonymous: true,
      phone: '13900001111',
    });
    const { ticketNo, trackingCode } = res.json();
    const detail = (await get(`/api/v1/tickets/${ticketNo}`, staff)).json();
    expect(detail.ticket.contactPhone).toBeNull();
    // Without a phone, the tracking code alone opens the case.
    expect((await get(`/api/v1/track/${trackingCode}`)).statusCode).toBe(200);
  });

  it('refuses illegal transitions with a coded error and leaves the ticket as it was', async () => {
    const { ticketNo } = (await post('/api/v1/feedback', { text: '候诊区太吵了' })).json();
    const res = await post(`/api/v1/tickets/${ticketNo}/transition`, { action: 'resume' }, staff);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TICKET_NOT_PAUSED');
    const detail = (await get(`/api/v1/tickets/${ticketNo}`, staff)).json();
    expect(detail.ticket.status).toBe('new');
    expect(detail.timeline).toHaveLength(1);
  });

  it('searches by text (also Chinese substrings) and by ticket number, with cursor pages', async () => {
    const a = (await post('/api/v1/feedback', { text: '放射科的报告迟迟拿不到，已经一周了' })).json();
    const byText = (await get(`/api/v1/tickets?q=${encodeURIComponent('报告迟迟')}`, staff)).json();
    expect(byText.items.map((t: { ticketNo: string }) => t.ticketNo)).toEqual([a.ticketNo]);
    const byNo = (await get(`/api/v1/tickets?q=${a.ticketNo}`, staff)).json();
    expect(byNo.items).toHaveLength(1);

    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { ticketNo: string }[]; nextCursor: string | null } = (
        await get(`/api/v1/tickets?limit=2${cursor ? `&cursor=${cursor}` : ''}`, staff)
      ).json();
      for (const t of page.items) seen.add(t.ticketNo);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const all = (await get('/api/v1/tickets?limit=200', staff)).json().items;
    expect(seen.size).toBe(all.length);
    expect(pages).toBe(Math.ceil(all.length / 2));
  });

  it('lets staff triage by hand and records it on the timeline', async () => {
    const { ticketNo } = (await post('/api/v1/feedback', { text: '建议在门诊大厅多放几个充电插座' })).json();
    const res = await post(
      `/api/v1/tickets/${ticketNo}/triage`,
      { kind: 'suggestion', category: 'environment', level: 3 },
      staff,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().ticket).toMatchObject({ kind: 'suggestion', category: 'environment', level: 3 });
    const detail = (await get(`/api/v1/tickets/${ticketNo}`, staff)).json();
    expect(detail.timeline.at(-1)).toMatchObject({
      type: 'triage_corrected',
      actorType: 'staff',
      visibility: 'internal',
    });
  });

  it('requires a login and the CSRF header for staff endpoints', async () => {
    expect((await get('/api/v1/tickets')).statusCode).toBe(401);
    const { ticketNo } = (await post('/api/v1/feedback', { text: 'test csrf' })).json();
    const noCsrf = await post(`/api/v1/tickets/${ticketNo}/notes`, { text: 'x' }, { cookie: staff.cookie! });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('CSRF_REJECTED');
    const bad = await post('/api/v1/auth/login', { username: 'admin', password: 'wrong-password' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });
});
