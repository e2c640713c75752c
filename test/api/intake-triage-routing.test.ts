import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxRepository } from '../../src/store/outbox.repository.ts';
import { BACKENDS, fakeClock, startTestRuntime, type TestRuntime } from '../support/backends.ts';
import { setUpHospital, type WorkflowFixture } from '../support/workflow-fixture.ts';

type Event = { type: string; payload: Record<string, unknown> };

describe.each(BACKENDS)('triage at intake drives routing (%s)', (backend) => {
  let rt: TestRuntime;
  let h: WorkflowFixture;
  const clock = fakeClock('2026-03-11T02:00:00Z');
  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock, config: { triageAtIntake: true } });
    h = await setUpHospital(rt);
    // Medication problems go to billing's team in this fictional hospital (a category rule).
    await rt.app.inject({
      method: 'POST',
      url: '/api/v1/workflow/routing-rules',
      headers: h.admin,
      payload: {
        priority: 5,
        category: 'medication',
        kind: null,
        channel: null,
        keywords: [],
        departmentId: h.dept.billing,
        active: true,
      },
    });
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const submit = async (text: string) =>
    (
      await rt.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: { text, phone: '13811112222' },
      })
    ).json();
  const detail = async (ticketNo: string) =>
    (await rt.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketNo}`, headers: h.agent })).json();

  const idOf = async (ticketNo: string) =>
    (await rt.database.query<{ id: number }>('SELECT id FROM tickets WHERE ticket_no = $1', [ticketNo]))[0]!
      .id;

  it('sends a level-1 case to the department head, even off the rota, and pages the on-call list', async () => {
    const { ticketNo } = await submit('医生开错了药，病人吃了以后昏迷，请马上处理');
    const d = await detail(ticketNo);
    expect(d.ticket).toMatchObject({
      level: 1,
      category: 'medication',
      departmentId: h.dept.billing,
      assigneeId: h.users.billHead,
    });
    const types = d.timeline.map((e: Event) => e.type);
    expect(types.slice(0, 5)).toEqual(['received', 'triaged', 'routed', 'assigned', 'owner_set']);
    expect(d.timeline.find((e: Event) => e.type === 'assigned').payload.reason).toBe('auto:department_head');
    expect(d.timeline.find((e: Event) => e.type === 'on_call_paged').payload.userIds).toEqual([
      h.users.agent,
    ]);
    const pages = (
      await createOutboxRepository(rt.database.db).list({ ticketId: await idOf(ticketNo), limit: 50 })
    ).filter((m) => m.template === 'level1_page');
    expect(pages.map((m) => m.recipient)).toEqual(['agent@hospital.test']);
  });

  it('routes praise to the praised department and records it for the recognition report', async () => {
    const { ticketNo } = await submit('感谢心内科的王医生，非常耐心细致，给我们讲得很清楚，特此表扬！');
    const d = await detail(ticketNo);
    expect(d.ticket).toMatchObject({ kind: 'praise', departmentId: h.dept.cardiology });
    expect(d.timeline.map((e: Event) => e.type)).toContain('praise_recorded');
    const report = await rt.app.inject({
      method: 'GET',
      url: '/api/v1/workflow/praise?since=2026-03-01T00:00:00Z&until=2026-04-01T00:00:00Z',
      headers: h.agent,
    });
    expect(report.json().items).toEqual([{ departmentId: h.dept.cardiology, count: 1 }]);
  });
});
