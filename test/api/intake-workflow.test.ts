import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/channels/webhook-signature.ts';
import { createOutboxRepository } from '../../src/store/outbox.repository.ts';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';
import { multipartBody, TINY_PNG } from '../support/multipart.ts';
import { setUpHospital, type WorkflowFixture } from '../support/workflow-fixture.ts';

const SECRET = 'wechat-bridge-secret-0123456789abcdef';
const HOUR_MS = 3600_000;

type Event = { seq: number; type: string; payload: Record<string, unknown> };

describe.each(BACKENDS)('intake channels and handling workflow on %s', (backend) => {
  let rt: TestRuntime;
  let h: WorkflowFixture;
  const clock = fakeClock('2026-03-11T02:00:00Z');

  beforeAll(async () => {
    rt = await startTestRuntime(backend, {
      clock,
      config: { intakeSecrets: { 'wechat-bridge': SECRET }, publicUrl: 'https://fb.hospital.test' },
    });
    h = await setUpHospital(rt);
    const src = await rt.app.inject({
      method: 'PUT',
      url: '/api/v1/workflow/intake-sources/wechat-bridge',
      headers: h.admin,
      payload: { name: 'WeChat official account', channel: 'wechat', vip: false, active: true },
    });
    expect(src.json()).toMatchObject({ code: 'wechat-bridge', secretConfigured: true });
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    rt.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const get = (url: string, headers: Record<string, string> = {}) =>
    rt.app.inject({ method: 'GET', url, headers });
  const detail = async (ticketNo: string) => (await get(`/api/v1/tickets/${ticketNo}`, h.agent)).json();
  const types = (timeline: Event[]) => timeline.map((e) => e.type);
  /** The ticket's outbox rows, oldest first, recipients decrypted as the drain sees them. */
  const outbox = async (ticketId: number) =>
    (await createOutboxRepository(rt.database.db).list({ ticketId, limit: 100 })).reverse();
  const idOf = async (ticketNo: string) =>
    (await rt.database.query<{ id: number }>('SELECT id FROM tickets WHERE ticket_no = $1', [ticketNo]))[0]!
      .id;
  const closeByPatient = async (ticketNo: string, trackingCode: string, phone4?: string) => {
    const proposed = await post(
      `/api/v1/tickets/${ticketNo}/propose-resolution`,
      { text: '已处理 / handled' },
      h.agent,
    );
    expect(proposed.statusCode).toBe(200);
    const confirm = await post(`/api/v1/track/${trackingCode}/confirm`, {
      satisfied: true,
      ...(phone4 ? { phone4 } : {}),
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().status).toBe('closed');
  };

  it('routes a web ticket by keyword, assigns the least-loaded handler round-robin, and walks it to closure', async () => {
    const first = (
      await post('/api/v1/feedback', {
        text: '收费处多收了我两百元',
        email: 'p1@example.test',
        phone: '13800000001',
      })
    ).json();
    const second = (
      await post('/api/v1/feedback', { text: '收费窗口排队太久，收费员态度不好', phone: '13800000002' })
    ).json();
    const a = await detail(first.ticketNo);
    const b = await detail(second.ticketNo);
    expect(a.ticket.departmentId).toBe(h.dept.billing);
    // Equal loads: round-robin gives the second ticket to the other handler; the head is off the rota.
    expect([a.ticket.assigneeId, b.ticket.assigneeId].sort()).toEqual([h.users.bill1, h.users.bill2].sort());
    // No staff took the contact: the first handler is the owner.
    expect(a.ticket.ownerId).toBe(a.ticket.assigneeId);
    expect(types(a.timeline)).toEqual(['received', 'routed', 'assigned', 'owner_set']);
    expect(a.timeline[1].payload).toMatchObject({ departmentId: h.dept.billing, matched: ['keyword=收费'] });

    // The patient got an acknowledgement with the tracking code; the handler was told.
    const messages = await outbox(await idOf(first.ticketNo));
    expect(messages.map((m) => `${m.template}:${m.channel}`)).toEqual([
      'ticket_received:email',
      'ticket_received:sms',
      'ticket_assigned:email',
    ]);
    expect(messages[0]!.body).toContain(first.trackingCode);
    expect(messages[0]!.body).toContain('https://fb.hospital.test/track');

    await post(`/api/v1/tickets/${first.ticketNo}/reply`, { text: '我们正在核实收费记录。' }, h.agent);
    expect((await outbox(await idOf(first.ticketNo))).at(-1)).toMatchObject({
      template: 'staff_replied',
      channel: 'sms',
    });
    await closeByPatient(first.ticketNo, first.trackingCode, '0001');
    expect((await detail(first.ticketNo)).ticket.closure).toBe('confirmed');
  });

  it('takes staff entries on every staff channel, the entering staff member owning each, through to closure', async () => {
    for (const channel of [
      'hotline',
      'desk',
      'nurse_station',
      'letter',
      'hotline_12345',
      'vip_advisor',
    ] as const) {
      const res = await post(
        '/api/v1/tickets',
        {
          channel,
          text: `通过${channel}反映：候诊时间太长`,
          receivedAt: new Date(clock().getTime() - 2 * HOUR_MS).toISOString(),
          name: '李四',
          phone: '13900009999',
          ...(channel === 'hotline_12345' ? { externalRef: '12345-2026-0042' } : {}),
        },
        h.agent,
      );
      expect(res.statusCode, channel).toBe(201);
      const { ticketNo, trackingCode, receivedAt } = res.json();
      expect(receivedAt).toBe('2026-03-11T00:00:00.000Z');
      const d = await detail(ticketNo);
      expect(d.ticket).toMatchObject({ channel, ownerId: h.users.agent, vip: channel === 'vip_advisor' });
      const owner = d.timeline.find((e: Event) => e.type === 'owner_set');
      expect(owner.payload).toEqual({ ownerId: h.users.agent, reason: 'first_contact' });
      const recorded = d.timeline.find((e: Event) => e.type === 'intake_recorded');
      expect(recorded.payload.enteredBy).toBe(h.users.agent);
      if (channel === 'hotline_12345') expect(recorded.payload.externalRef).toBe('12345-2026-0042');
      await closeByPatient(ticketNo, trackingCode, '9999');
    }
  });

  it('closes a desk entry resolved on the spot only with the patient’s agreement', async () => {
    const refused = await post(
      '/api/v1/tickets',
      { channel: 'desk', text: '找不到B超室', resolvedOnSpot: { text: '已带路', patientAgreed: false } },
      h.agent,
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('ON_SPOT_NEEDS_AGREEMENT');

    const res = await post(
      '/api/v1/tickets',
      {
        channel: 'desk',
        text: '找不到B超室',
        resolvedOnSpot: { text: '已带患者到B超室', patientAgreed: true, agreementNote: '患者表示满意' },
      },
      h.agent,
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('resolved_on_spot');
    const d = await detail(res.json().ticketNo);
    expect(d.ticket).toMatchObject({ status: 'resolved_on_spot', closure: 'on_spot' });
    expect(d.ticket.closedAt).toBe(clock().toISOString());
    const spot = d.timeline.find((e: Event) => e.type === 'resolved_on_spot');
    expect(spot.payload).toMatchObject({ patientAgreed: true, agreementNote: '患者表示满意' });
    const seqs = d.timeline.map((e: Event) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
  });

  it('requires a reason to transfer, keeps the owner, and records every move', async () => {
    const { ticketNo } = (
      await post('/api/v1/tickets', { channel: 'hotline', text: '心内科医生解释用药不清楚' }, h.agent)
    ).json();
    const before = await detail(ticketNo);
    expect(before.ticket.departmentId).toBe(h.dept.cardiology);

    const noReason = await post(
      `/api/v1/tickets/${ticketNo}/transfer`,
      { departmentId: h.dept.billing },
      h.agent,
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('ASSIGNMENT_REASON_REQUIRED');
    expect((await detail(ticketNo)).timeline).toHaveLength(before.timeline.length);

    const moved = await post(
      `/api/v1/tickets/${ticketNo}/transfer`,
      { departmentId: h.dept.billing, reason: '涉及药费结算' },
      h.agent,
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json().ticket).toMatchObject({ departmentId: h.dept.billing, ownerId: h.users.agent });
    expect([h.users.bill1, h.users.bill2]).toContain(moved.json().ticket.assigneeId);

    const assigned = await post(
      `/api/v1/tickets/${ticketNo}/assign`,
      { assigneeId: h.users.card1, reason: '请心内科一起看' },
      h.agent,
    );
    expect(assigned.json().ticket).toMatchObject({ assigneeId: h.users.card1, ownerId: h.users.agent });
    const claimed = await post(`/api/v1/tickets/${ticketNo}/claim`, { reason: '我来跟进' }, h.agent);
    expect(claimed.json().ticket.assigneeId).toBe(h.users.agent);
    const after = await detail(ticketNo);
    const moves = after.timeline.filter((e: Event) =>
      ['transferred', 'assigned', 'claimed'].includes(e.type),
    );
    expect(moves.slice(-3).map((e: Event) => [e.type, e.payload.reason])).toEqual([
      ['transferred', '涉及药费结算'],
      ['assigned', '请心内科一起看'],
      ['claimed', '我来跟进'],
    ]);
  });

  it('opens department tasks; two departments make the ticket multi-department; the lapse sweep closes it', async () => {
    const { ticketNo } = (
      await post('/api/v1/tickets', { channel: 'letter', text: '住院费用和心脏支架选择有疑问' }, h.agent)
    ).json();
    const due = new Date(clock().getTime() + 48 * HOUR_MS).toISOString();
    const t1 = await post(
      `/api/v1/tickets/${ticketNo}/tasks`,
      {
        departmentId: h.dept.cardiology,
        question: '请解释支架选择的依据',
        dueAt: due,
        assigneeId: h.users.card1,
      },
      h.agent,
    );
    expect(t1.statusCode).toBe(201);
    expect((await detail(ticketNo)).ticket.multiDepartment).toBe(false);
    await post(
      `/api/v1/tickets/${ticketNo}/tasks`,
      { departmentId: h.dept.billing, question: '请核对费用明细', dueAt: due },
      h.agent,
    );
    expect((await detail(ticketNo)).ticket.multiDepartment).toBe(true);

    const answered = await post(
      `/api/v1/tickets/${ticketNo}/tasks/${t1.json().id}/answer`,
      { answer: '依据指南选择' },
      h.agent,
    );
    expect(answered.json()).toMatchObject({ state: 'answered', answer: '依据指南选择' });
    const again = await post(
      `/api/v1/tickets/${ticketNo}/tasks/${t1.json().id}/answer`,
      { answer: 'x' },
      h.agent,
    );
    expect(again.json().error.code).toBe('TASK_NOT_OPEN');
    const tasks = (await get(`/api/v1/tickets/${ticketNo}/tasks`, h.agent)).json().items;
    expect(tasks.map((t: { state: string }) => t.state)).toEqual(['answered', 'open']);
    // The billing task had no assignee: the department head was told.
    expect(
      (await outbox(await idOf(ticketNo))).some(
        (m) => m.template === 'task_opened' && m.recipient === 'billhead@hospital.test',
      ),
    ).toBe(true);

    await post(`/api/v1/tickets/${ticketNo}/propose-resolution`, { text: '已书面回复' }, h.agent);
    clock.advance(3 * 24 * HOUR_MS - 60_000);
    await rt.jobs.runOnce('lapse-confirmations', clock());
    expect((await detail(ticketNo)).ticket.status).toBe('resolution_proposed');
    clock.advance(60_000);
    await rt.jobs.runOnce('lapse-confirmations', clock());
    const closed = await detail(ticketNo);
    expect(closed.ticket).toMatchObject({ status: 'closed', closure: 'lapsed' });
    const events = closed.timeline.length;
    await rt.jobs.runOnce('lapse-confirmations', clock());
    expect((await detail(ticketNo)).timeline).toHaveLength(events);
  });

  it('declines multi-department when staff say so', async () => {
    const { ticketNo } = (
      await post('/api/v1/tickets', { channel: 'desk', text: '收费和心内科都要问' }, h.agent)
    ).json();
    const due = new Date(clock().getTime() + 24 * HOUR_MS).toISOString();
    await post(
      `/api/v1/tickets/${ticketNo}/tasks`,
      { departmentId: h.dept.cardiology, question: 'a', dueAt: due },
      h.agent,
    );
    await post(
      `/api/v1/tickets/${ticketNo}/tasks`,
      { departmentId: h.dept.billing, question: 'b', dueAt: due, multiDepartment: false },
      h.agent,
    );
    await post(
      `/api/v1/tickets/${ticketNo}/tasks`,
      { departmentId: h.dept.relations, question: 'c', dueAt: due },
      h.agent,
    );
    const d = await detail(ticketNo);
    expect(d.ticket.multiDepartment).toBe(false);
    expect(types(d.timeline)).toContain('multi_department_declined');
  });

  describe('webhook', () => {
    const body = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o));
    const deliver = (
      raw: Buffer,
      key: string,
      over: { ts?: number; secret?: string; source?: string } = {},
    ) => {
      const ts = String(over.ts ?? Math.floor(clock().getTime() / 1000));
      return rt.app.inject({
        method: 'POST',
        url: `/api/v1/intake/${over.source ?? 'wechat-bridge'}`,
        payload: raw,
        headers: {
          'content-type': 'application/json',
          'x-careloop-timestamp': ts,
          'idempotency-key': key,
          'x-careloop-signature': signWebhook(over.secret ?? SECRET, ts, key, raw),
        },
      });
    };
    const countText = async (text: string) =>
      (
        await rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets WHERE text = $1', [
          text,
        ])
      )[0]!.n;

    it('creates one ticket per delivery and answers a retry with the first answer', async () => {
      const raw = body({
        text: '公众号留言：取药窗口排队一个小时',
        phone: '13700001234',
        externalId: 'wx-msg-1',
      });
      const first = await deliver(raw, 'wx-msg-1');
      expect(first.statusCode).toBe(201);
      const replay = await deliver(raw, 'wx-msg-1');
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await countText('公众号留言：取药窗口排队一个小时')).toBe(1);
      // What is stored for the replay opens nothing by itself: no key and no tracking code in clear.
      const stored = JSON.stringify(await rt.database.query('SELECT * FROM intake_idempotency'));
      expect(stored).toContain(first.json().ticketNo);
      expect(stored).not.toContain('wx-msg-1');
      expect(stored).not.toContain(first.json().trackingCode);
      const d = await detail(first.json().ticketNo);
      expect(d.ticket.channel).toBe('wechat');
      expect(d.timeline.find((e: Event) => e.type === 'intake_recorded').payload).toEqual({
        source: 'wechat-bridge',
        externalId: 'wx-msg-1',
      });
      await closeByPatient(first.json().ticketNo, first.json().trackingCode, '1234');
    });

    it('answers simultaneous retries of one delivery with one ticket', async () => {
      const raw = body({ text: '并发重试的同一条留言' });
      const answers = await Promise.all([1, 2, 3, 4].map(() => deliver(raw, 'wx-concurrent')));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.json().ticketNo)).size).toBe(1);
      expect(await countText('并发重试的同一条留言')).toBe(1);
    });

    it('refuses forged, stale, re-keyed and unknown-source deliveries, creating nothing', async () => {
      const raw = body({ text: '伪造的留言' });
      const forged = await deliver(raw, 'wx-forged', { secret: 'not-the-secret-0123456789abcdefghij' });
      expect(forged.statusCode).toBe(401);
      expect(forged.json().error.code).toBe('INTAKE_BAD_SIGNATURE');
      const stale = await deliver(raw, 'wx-stale', { ts: Math.floor(clock().getTime() / 1000) - 301 });
      expect(stale.statusCode).toBe(401);
      expect(stale.json().error.code).toBe('INTAKE_STALE_TIMESTAMP');
      const unknown = await deliver(raw, 'wx-unknown', { source: 'his' });
      expect(unknown.statusCode).toBe(404);
      expect(await countText('伪造的留言')).toBe(0);

      await deliver(body({ text: '原始内容' }), 'wx-reused');
      const reused = await deliver(body({ text: '换了内容' }), 'wx-reused');
      expect(reused.statusCode).toBe(422);
      expect(reused.json().error.code).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
      expect(await countText('换了内容')).toBe(0);

      const bad = await deliver(body({ text: '' }), 'wx-empty');
      expect(bad.statusCode).toBe(400);
    });
  });

  it('tells the department head and the owner when the patient rejects the resolution', async () => {
    const { ticketNo, trackingCode } = (
      await post('/api/v1/feedback', { text: '发票一直没有寄到 invoice missing', anonymous: true })
    ).json();
    await post(`/api/v1/tickets/${ticketNo}/propose-resolution`, { text: '已重新寄出' }, h.agent);
    const res = await post(`/api/v1/track/${trackingCode}/confirm`, {
      satisfied: false,
      comment: '还是没收到',
    });
    expect(res.json().status).toBe('in_progress');
    const rejected = (await outbox(await idOf(ticketNo))).filter((m) => m.template === 'patient_rejected');
    expect(rejected.map((m) => m.recipient)).toContain('billhead@hospital.test');
    expect(rejected[0]!.body).toContain('还是没收到');
  });

  it('records @mentions in internal notes and tells the people mentioned', async () => {
    const { ticketNo } = (
      await post('/api/v1/tickets', { channel: 'hotline', text: '停车场收费不合理' }, h.agent)
    ).json();
    await post(
      `/api/v1/tickets/${ticketNo}/notes`,
      { text: '@bill1 请核实停车收费标准，@nobody 忽略' },
      h.agent,
    );
    const d = await detail(ticketNo);
    expect(d.timeline.at(-1)).toMatchObject({
      type: 'staff_mentioned',
      payload: { userIds: [h.users.bill1] },
    });
    const mentioned = (await outbox(await idOf(ticketNo))).filter((m) => m.template === 'mentioned');
    expect(mentioned.map((m) => m.recipient)).toEqual(['bill1@hospital.test']);
  });

  it('suggests an obvious repeat, and a confirmed merge keeps both timelines', async () => {
    const text = '急诊科护士态度恶劣，对我大吼大叫，我要投诉';
    const original = (await post('/api/v1/feedback', { text, phone: '13600006666' })).json();
    clock.advance(HOUR_MS);
    const repeat = (await post('/api/v1/feedback', { text: `${text}！！`, phone: '13600006666' })).json();
    const other = (
      await post('/api/v1/feedback', { text: '建议增加自助缴费机', phone: '13600006666' })
    ).json();
    const suggestion = (await detail(repeat.ticketNo)).timeline.find(
      (e: Event) => e.type === 'duplicate_suggested',
    );
    expect(suggestion.payload.ticketNo).toBe(original.ticketNo);
    expect(types((await detail(other.ticketNo)).timeline)).not.toContain('duplicate_suggested');

    const before = (await detail(original.ticketNo)).timeline.length;
    const merged = await post(
      `/api/v1/tickets/${repeat.ticketNo}/transition`,
      { action: 'mark_duplicate', originalNo: original.ticketNo },
      h.agent,
    );
    expect(merged.statusCode).toBe(200);
    const orig = await detail(original.ticketNo);
    expect(orig.timeline).toHaveLength(before + 1);
    expect(orig.timeline.at(-1)).toMatchObject({
      type: 'duplicate_linked',
      payload: { duplicateNo: repeat.ticketNo },
    });
    const dup = await detail(repeat.ticketNo);
    expect(dup.ticket.status).toBe('duplicate');
    expect(types(dup.timeline)).toContain('duplicate_suggested');
  });

  describe('attachments', () => {
    let ticket: { ticketNo: string; trackingCode: string };
    beforeAll(async () => {
      ticket = (
        await post('/api/v1/feedback', { text: '化验单上的结果看不懂，附截图', phone: '13500004321' })
      ).json();
    });
    const upload = (files: { name: string; type: string; bytes: Buffer }[], phone4 = '4321') => {
      const { payload, headers } = multipartBody(files);
      return rt.app.inject({
        method: 'POST',
        url: `/api/v1/track/${ticket.trackingCode}/attachments?phone4=${phone4}`,
        payload,
        headers,
      });
    };

    it('takes an image from the patient and serves it to staff and to that patient only', async () => {
      const res = await upload([{ name: 'report.png', type: 'image/png', bytes: TINY_PNG }]);
      expect(res.statusCode).toBe(201);
      const [item] = res.json().items;
      expect(item).toMatchObject({
        mediaType: 'image/png',
        sizeBytes: TINY_PNG.length,
        visibility: 'patient',
      });

      const staff = await get(`/api/v1/tickets/${ticket.ticketNo}/attachments/${item.id}`, h.agent);
      expect(staff.statusCode).toBe(200);
      expect(staff.headers['content-type']).toBe('image/png');
      expect(staff.rawPayload.equals(TINY_PNG)).toBe(true);
      const mine = await get(`/api/v1/track/${ticket.trackingCode}/attachments/${item.id}?phone4=4321`);
      expect(mine.statusCode).toBe(200);
      expect(
        (await get(`/api/v1/track/${ticket.trackingCode}/attachments/${item.id}?phone4=0000`)).statusCode,
      ).toBe(404);
      expect((await get(`/api/v1/tickets/${ticket.ticketNo}/attachments/${item.id}`)).statusCode).toBe(401);
      const timeline = (await get(`/api/v1/track/${ticket.trackingCode}?phone4=4321`)).json().timeline;
      expect(timeline.map((e: { type: string }) => e.type)).toContain('attachments_added');
    });

    it('decides the type by content and enforces the limits, keeping nothing of a refused message', async () => {
      const before = (await get(`/api/v1/tickets/${ticket.ticketNo}/attachments`, h.agent)).json().items
        .length;
      const fake = await upload([
        { name: 'photo.png', type: 'image/png', bytes: Buffer.from('#!/bin/sh\necho not an image\n') },
      ]);
      expect(fake.statusCode).toBe(415);
      expect(fake.json().error.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
      const big = await upload([
        {
          name: 'big.png',
          type: 'image/png',
          bytes: Buffer.concat([TINY_PNG, Buffer.alloc(10 * 1024 * 1024)]),
        },
      ]);
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('ATTACHMENT_TOO_LARGE');
      const many = await upload(
        Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.png`, type: 'image/png', bytes: TINY_PNG })),
      );
      expect(many.statusCode).toBe(400);
      expect(many.json().error.code).toBe('ATTACHMENT_TOO_MANY');
      expect(
        (await get(`/api/v1/tickets/${ticket.ticketNo}/attachments`, h.agent)).json().items,
      ).toHaveLength(before);
    });
  });

  it('keeps going when a provider fails, retrying with backoff, and shows the failure to staff', async () => {
    const failing = await startTestRuntime(backend, {
      clock,
      config: {
        notify: {
          smtpUrl: undefined,
          mailFrom: 'x@test.invalid',
          smsHttpUrl: 'http://127.0.0.1:9/sms',
          wechatHttpUrl: undefined,
          httpToken: 't',
        },
      },
    });
    try {
      const res = await failing.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: { text: '短信测试', phone: '13400001111' },
      });
      expect(res.statusCode).toBe(201);
      await failing.jobs.runOnce('deliver-notifications', clock());
      const [row] = await failing.database.query<{
        state: string;
        attempts: number;
        last_error: string;
        next_attempt_at: Date;
      }>(
        "SELECT state, attempts, last_error, next_attempt_at FROM notification_outbox WHERE channel = 'sms'",
      );
      expect(row).toMatchObject({ state: 'pending', attempts: 1 });
      expect(new Date(row!.next_attempt_at).getTime()).toBe(clock().getTime() + 60_000);
      // The ticket change stood regardless.
      expect(
        (await failing.database.query('SELECT 1 FROM tickets WHERE ticket_no = $1', [res.json().ticketNo]))
          .length,
      ).toBe(1);
      const list = await failing.app.inject({
        method: 'GET',
        url: '/api/v1/notifications?troubled=true',
        headers: await loginHeaders(failing),
      });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toHaveLength(1);
      expect(list.json().items[0]).toMatchObject({
        channel: 'sms',
        state: 'pending',
        attempts: 1,
        provider: 'sms-http',
      });
      expect(list.json().items[0].lastError).toBeTruthy();
    } finally {
      await failing.drop();
    }
  });

  it('lists troubled deliveries for staff with masked recipients', async () => {
    await rt.database.query(
      "UPDATE notification_outbox SET state = 'failed', attempts = 8, last_error = 'gateway said 500' WHERE id = (SELECT min(id) FROM notification_outbox)",
    );
    const res = await get('/api/v1/notifications?troubled=true', h.agent);
    expect(res.statusCode).toBe(200);
    const [failed] = res.json().items;
    expect(failed).toMatchObject({ state: 'failed', attempts: 8, lastError: 'gateway said 500' });
    expect(failed.recipient).toMatch(/\*\*\*/);
    expect((await post(`/api/v1/notifications/${failed.id}/retry`, {}, h.agent)).statusCode).toBe(204);
    expect((await post(`/api/v1/notifications/${failed.id}/retry`, {}, h.agent)).json().error.code).toBe(
      'NOTIFICATION_NOT_RETRYABLE',
    );
  });
});
