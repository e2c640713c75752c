import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSES } from '../../src/domain/ticket/ticket.ts';
import { BACKENDS, fakeClock, startTestRuntime, type TestRuntime } from '../support/backends.ts';
import { setUpHospital, type WorkflowFixture } from '../support/workflow-fixture.ts';

const ACTIONS = 50;

describe.each(BACKENDS)('50 simultaneous actions on one ticket (%s)', (backend) => {
  let rt: TestRuntime;
  let h: WorkflowFixture;
  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock: fakeClock('2026-03-11T02:00:00Z') });
    h = await setUpHospital(rt);
  });
  afterAll(async () => {
    await rt?.drop();
  });

  it('keeps a legal state, one event per accepted action and a contiguous timeline', async () => {
    const post = (url: string, payload: object) =>
      rt.app.inject({ method: 'POST', url, payload, headers: h.agent });
    const { ticketNo } = (
      await post('/api/v1/tickets', {
        channel: 'hotline',
        text: '并发测试：电话反映候诊太久',
        email: 'c@example.test',
      })
    ).json();
    expect((await post(`/api/v1/tickets/${ticketNo}/transition`, { action: 'start' })).statusCode).toBe(200);
    const before = (
      await rt.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketNo}`, headers: h.agent })
    ).json();

    // Replies and notes always apply; pause and resume apply only from the right status, so some are
    // refused (409) depending on the order the row lock hands them out — exactly what must stay legal.
    const requests = Array.from({ length: ACTIONS }, (_, i) => {
      if (i % 5 === 0)
        return post(`/api/v1/tickets/${ticketNo}/transition`, { action: 'pause', reason: `ask ${i}` });
      if (i % 5 === 1) return post(`/api/v1/tickets/${ticketNo}/transition`, { action: 'resume' });
      if (i % 5 === 2) return post(`/api/v1/tickets/${ticketNo}/notes`, { text: `note ${i}` });
      return post(`/api/v1/tickets/${ticketNo}/reply`, { text: `reply ${i}` });
    });
    const results = await Promise.all(requests);
    const codes = results.map((r) => r.statusCode);
    const unexpected = results.filter((r) => r.statusCode !== 200 && r.statusCode !== 409).map((r) => r.body);
    expect(unexpected).toEqual([]);
    const refused = results.filter((r) => r.statusCode === 409);
    for (const r of refused)
      expect(['TICKET_ILLEGAL_TRANSITION', 'TICKET_NOT_PAUSED']).toContain(r.json().error.code);
    const accepted = codes.filter((c) => c === 200).length;
    // 30 replies and notes can never be refused.
    expect(accepted).toBeGreaterThanOrEqual(30);

    const after = (
      await rt.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketNo}`, headers: h.agent })
    ).json();
    const timeline: { seq: number; type: string; payload: { to?: string } }[] = after.timeline;
    const added = timeline.slice(before.timeline.length);
    expect(added).toHaveLength(accepted);
    expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
    expect(added.filter((e) => e.type === 'reply')).toHaveLength(20);
    expect(added.filter((e) => e.type === 'note')).toHaveLength(10);

    // The final status is legal and is where the last status change left it.
    expect(STATUSES).toContain(after.ticket.status);
    const lastMove = [...timeline].reverse().find((e) => e.type === 'status_changed');
    expect(after.ticket.status).toBe(lastMove?.payload.to);
    expect(['in_progress', 'pending_patient']).toContain(after.ticket.status);
    expect(after.ticket.version).toBe(before.ticket.version + accepted);
  });
});
