import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, fakeClock, startTestRuntime, type TestRuntime } from '../support/backends.ts';
import { setUpHospital, type WorkflowFixture } from '../support/workflow-fixture.ts';

type Dept = {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  calendarId: string | null;
  active: boolean;
};

describe.each(BACKENDS)('an administrator edits a department (%s)', (backend) => {
  let rt: TestRuntime;
  let h: WorkflowFixture;
  const clock = fakeClock('2026-03-11T02:00:00Z');
  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
    h = await setUpHospital(rt);
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const patch = (id: number | string, payload: object, headers = h.admin) =>
    rt.app.inject({ method: 'PATCH', url: `/api/v1/admin/departments/${id}`, headers, payload });
  const list = async (): Promise<Dept[]> =>
    (await rt.app.inject({ method: 'GET', url: '/api/v1/admin/departments', headers: h.admin })).json().items;
  const submit = async (text: string): Promise<string> =>
    (
      await rt.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: { text, phone: '13811112222' },
      })
    ).json().ticketNo;
  const departmentOf = async (ticketNo: string): Promise<number | null> =>
    (await rt.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketNo}`, headers: h.agent })).json()
      .ticket.departmentId;

  it('lists each department with its calendar and whether it is active', async () => {
    const set = await rt.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/departments/${h.dept.cardiology}/calendar`,
      headers: h.admin,
      payload: { calendarId: 'weekends' },
    });
    expect(set.statusCode).toBe(200);
    const byCode = Object.fromEntries((await list()).map((d) => [d.code, d]));
    expect(byCode.cardiology).toMatchObject({ calendarId: 'weekends', active: true });
    expect(byCode.billing).toMatchObject({ calendarId: null, active: true });
  });

  it('renames a department (names trimmed, a blank English name cleared) and audits the change', async () => {
    const res = await patch(h.dept.billing, { name: ' 财务收费处 ', nameEn: 'Cashier' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: h.dept.billing,
      code: 'billing',
      name: '财务收费处',
      nameEn: 'Cashier',
      calendarId: null,
      active: true,
    });
    expect((await patch(h.dept.billing, { nameEn: '  ' })).json().nameEn).toBeNull();
    expect((await list()).find((d) => d.id === h.dept.billing)).toMatchObject({
      name: '财务收费处',
      nameEn: null,
    });

    const rows = await rt.database.query<{
      action: string;
      actor_name: string;
      target: string;
      details: unknown;
    }>(
      "SELECT action, actor_name, target, details FROM audit_log WHERE action = 'department.update' ORDER BY id",
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      actor_name: 'admin',
      target: `department:${h.dept.billing}`,
      details: {
        code: 'billing',
        before: { name: '收费处', nameEn: 'Billing' },
        after: { name: '财务收费处', nameEn: 'Cashier' },
      },
    });
  });

  it('routes no new ticket to an inactive department, keeps its tickets, and routes again once reactivated', async () => {
    const before = await submit('收费处多收了我两百元，请核实');
    expect(await departmentOf(before)).toBe(h.dept.billing);

    const off = await patch(h.dept.billing, { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    // The billing rule is skipped: the catch-all rule takes the ticket.
    const during = await submit('收费处又多收了我一百元');
    expect(await departmentOf(during)).toBe(h.dept.relations);
    expect(await departmentOf(before)).toBe(h.dept.billing);
    // The admin still sees the rule (it is not deleted), and the department, marked inactive.
    const rules = (
      await rt.app.inject({ method: 'GET', url: '/api/v1/workflow/routing-rules', headers: h.admin })
    ).json().items;
    expect(rules.some((r: { departmentId: number }) => r.departmentId === h.dept.billing)).toBe(true);
    expect((await list()).find((d) => d.id === h.dept.billing)?.active).toBe(false);
    // Nobody hands new work to it meanwhile: a transfer to it is refused with a code that says why.
    const transfer = await rt.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${during}/transfer`,
      headers: h.agent,
      payload: { departmentId: h.dept.billing, reason: '收费问题转收费处' },
    });
    expect(transfer.statusCode).toBe(409);
    expect(transfer.json().error).toMatchObject({ code: 'DEPARTMENT_INACTIVE', field: 'departmentId' });
    expect(await departmentOf(during)).toBe(h.dept.relations);

    expect((await patch(h.dept.billing, { active: true })).statusCode).toBe(200);
    const after = await submit('收费处多收费用的问题');
    expect(await departmentOf(after)).toBe(h.dept.billing);
  });

  it('refuses an unknown department, an empty name, an empty change and a caller without users.manage', async () => {
    const unknown = await patch(999_999, { name: '无' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('DEPARTMENT_NOT_FOUND');

    for (const name of ['', '   ']) {
      const empty = await patch(h.dept.cardiology, { name });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await patch(h.dept.cardiology, { name: '  ' })).json().error.field).toBe('name');
    expect((await patch(h.dept.cardiology, {})).statusCode).toBe(400);
    expect((await patch(h.dept.cardiology, { code: 'cardio2' })).statusCode).toBe(400);

    const forbidden = await patch(h.dept.cardiology, { active: false }, h.agent);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');
    // Nothing of the refused requests changed the department.
    expect((await list()).find((d) => d.id === h.dept.cardiology)).toMatchObject({
      name: '心内科',
      active: true,
    });
  });
});
