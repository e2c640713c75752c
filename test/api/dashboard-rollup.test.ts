import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardRollupRepository } from '../../src/store/dashboard-rollup.repository.ts';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';

/**
 * The dashboard's figures equal a direct count over the tickets — computed here in plain TypeScript from
 * the rows, independently of the rollup's SQL — before the rollup job has taken in a change (the live
 * part), after it has (the rollup part), as the clock alone moves a deadline past, and per scope.
 */

const TIME_ZONE = 'Asia/Shanghai';
const WINDOW_DAYS = 30;
const RESOLVING = ['confirmed', 'lapsed', 'on_spot'];
const CANCELLING = ['withdrawn', 'duplicate'];

interface Row {
  received_at: Date;
  closed_at: Date | null;
  first_response_at: Date | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
  level: number | null;
  category: string | null;
  status: string;
  closure: string | null;
  department_id: number | null;
  subject_staff_id: number | null;
}

const localDay = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: TIME_ZONE });
const ms = (d: Date | null) => (d === null ? null : new Date(d).getTime());

/** kpi.md's definitions applied ticket by ticket. */
function directCount(rows: Row[], now: Date) {
  const today = localDay(now);
  const days = Array.from({ length: WINDOW_DAYS }, (_, i) =>
    localDay(new Date(now.getTime() - (WINDOW_DAYS - 1 - i) * 86_400_000)),
  );
  expect(days.at(-1)).toBe(today);
  const inWindow = new Set(days);
  const perDay = days.map((day) => ({ day, received: 0, closed: 0 }));
  const byDay = new Map(perDay.map((d) => [d.day, d]));
  const categories = new Map<string, number>();
  const compliance = new Map<string, { response: number[]; resolution: number[] }>();
  const open = new Map<string, number>();
  const overdue = new Map<string, number>();
  const t = now.getTime();
  for (const r of rows) {
    const closed = ms(r.closed_at);
    const fr = ms(r.first_response_at);
    const frDue = ms(r.first_response_due_at);
    const resDue = ms(r.resolution_due_at);
    if (closed !== null && inWindow.has(localDay(new Date(closed))))
      byDay.get(localDay(new Date(closed)))!.closed++;
    if (closed === null) {
      const key = `${r.level}/${r.status}`;
      open.set(key, (open.get(key) ?? 0) + 1);
      const late = (fr === null && frDue !== null && frDue <= t) || (resDue !== null && resDue <= t);
      overdue.set(String(r.level), (overdue.get(String(r.level)) ?? 0) + (late ? 1 : 0));
    }
    if (!inWindow.has(localDay(new Date(r.received_at)))) continue;
    byDay.get(localDay(new Date(r.received_at)))!.received++;
    if (r.category !== null) categories.set(r.category, (categories.get(r.category) ?? 0) + 1);
    const c = compliance.get(String(r.level)) ?? { response: [0, 0, 0], resolution: [0, 0, 0] };
    compliance.set(String(r.level), c);
    const cancelled = r.closure !== null && CANCELLING.includes(r.closure);
    // [met, missed, pending]
    if (fr !== null) c.response[frDue === null || fr <= frDue ? 0 : 1]!++;
    else if (closed === null) c.response[frDue !== null && frDue <= t ? 1 : 2]!++;
    else if (cancelled && frDue !== null && frDue <= closed) c.response[1]!++;
    if (r.closure !== null && RESOLVING.includes(r.closure))
      c.resolution[resDue === null || closed! <= resDue ? 0 : 1]!++;
    else if (closed === null) c.resolution[resDue !== null && resDue <= t ? 1 : 2]!++;
    else if (cancelled && resDue !== null && resDue <= closed) c.resolution[1]!++;
  }
  return {
    perDay,
    topCategories: [...categories]
      .map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    compliance: Object.fromEntries(compliance),
    open: Object.fromEntries(open),
    overdue: Object.fromEntries(overdue),
  };
}

/** The dashboard's answer in the direct count's shape. */
function shapeOf(body: {
  perDay: unknown;
  topCategories: unknown;
  compliance: {
    level: number | null;
    response: { met: number; missed: number; pending: number };
    resolution: { met: number; missed: number; pending: number };
  }[];
  openByLevelStatus: { level: number | null; status: string; count: number }[];
  overdueByLevel: { level: number | null; count: number }[];
}) {
  const triple = (x: { met: number; missed: number; pending: number }) => [x.met, x.missed, x.pending];
  return {
    perDay: body.perDay,
    topCategories: body.topCategories,
    compliance: Object.fromEntries(
      body.compliance.map((c) => [
        String(c.level),
        { response: triple(c.response), resolution: triple(c.resolution) },
      ]),
    ),
    open: Object.fromEntries(body.openByLevelStatus.map((r) => [`${r.level}/${r.status}`, r.count])),
    overdue: Object.fromEntries(body.overdueByLevel.map((r) => [String(r.level), r.count])),
  };
}

describe.each(BACKENDS)('dashboard rollup on %s', (backend) => {
  let rt: TestRuntime;
  // Monday 2 March 2026, 09:00 in Shanghai.
  const clock = fakeClock('2026-03-02T01:00:00Z');
  let staff: Record<string, string>;
  let head: Record<string, string>;
  let headId: number;
  let ward: number;
  const no: Record<string, string> = {};

  const submit = async (key: string, text: string) => {
    const res = await rt.app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { text } });
    expect(res.statusCode, res.body).toBe(201);
    no[key] = res.json().ticketNo as string;
  };
  const act = async (
    key: string,
    path: string,
    payload: Record<string, unknown>,
    method: 'POST' | 'PUT' = 'POST',
  ) => {
    const res = await rt.app.inject({
      method,
      url: `/api/v1/tickets/${no[key]}/${path}`,
      headers: staff,
      payload,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  const triage = (key: string, level: number, category: string, kind = 'complaint') =>
    act(key, 'triage', { kind, category, level });
  const dashboard = async (headers: Record<string, string>) => {
    const res = await rt.app.inject({ method: 'GET', url: '/api/v1/dashboard/summary', headers });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const rows = () =>
    rt.database.query<Row>(
      `SELECT received_at, closed_at, first_response_at, first_response_due_at, resolution_due_at, level,
              category, status, closure, department_id::int AS department_id, subject_staff_id::int AS subject_staff_id
         FROM tickets`,
    );
  /** The dashboard for `headers` equals the direct count over the tickets `visible` keeps. */
  const expectExact = async (headers: Record<string, string>, visible: (r: Row) => boolean = () => true) => {
    const body = await dashboard(headers);
    expect(shapeOf(body)).toEqual(directCount((await rows()).filter(visible), clock()));
    return body;
  };
  const headSees = (r: Row) => r.department_id === ward && r.subject_staff_id !== headId;
  const runRollup = () => rt.jobs.runOnce('dashboard-rollup', clock());

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
    staff = await loginHeaders(rt);
    const dept = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/workflow/departments',
      headers: staff,
      payload: { code: 'ward5', name: '五病区' },
    });
    expect(dept.statusCode).toBe(201);
    ward = dept.json().id;
    const user = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: staff,
      payload: {
        username: 'ward5-head',
        displayName: 'Ward 5 head',
        password: 'Ward-five-head-2026',
        role: 'department_head',
        departmentId: ward,
      },
    });
    expect(user.statusCode).toBe(201);
    headId = user.json().user.id;
    head = await loginHeaders(rt, 'ward5-head', 'Ward-five-head-2026');
  });
  afterAll(async () => {
    await rt?.drop();
  });

  it('builds history on past days; the first run takes it all in and the figures match', async () => {
    await submit('billing', '收费窗口多收了挂号费，要求退款。');
    await submit('waiting', '候诊时间太长，等了三个小时。');
    await submit('untriaged', '想问一下体检报告什么时候能取。');
    await triage('billing', 1, 'billing');
    await triage('waiting', 2, 'waiting');
    clock.set('2026-03-02T01:20:00Z'); // 09:20: answered in time
    await act('waiting', 'reply', { text: '您好，我们正在核实候诊情况。' });
    clock.set('2026-03-02T03:00:00Z'); // 11:00: the level-1 ticket's 30 minutes are long gone, unanswered

    clock.set('2026-03-04T02:00:00Z'); // Wednesday 10:00
    await submit('suggestion', '建议候诊区多放几个充电插座。');
    await submit('onSpot', '停车场指示牌看不清。');
    await triage('suggestion', 3, 'environment', 'suggestion');
    await act('onSpot', 'transition', { action: 'resolve_on_spot', reason: '当面指路并致歉' });
    clock.set('2026-03-05T08:00:00Z'); // Thursday 16:00: a level-3 ticket, answer due by the end of Friday
    await submit('lateAnswer', '出院手续太繁琐，能不能简化？');
    await triage('lateAnswer', 3, 'process', 'suggestion');

    clock.set('2026-03-06T02:00:00Z'); // Friday 10:00
    const ran = await runRollup();
    expect(ran.rows).toBeGreaterThan(0);
    const body = await expectExact(staff);
    // Nothing changed since the run's watermark: every past day came from the rollup.
    expect(body.rollup.liveDays).toBe(1);
    expect(body.compliance.find((c: { level: number }) => c.level === 1).response).toMatchObject({
      met: 0,
      missed: 1,
    });
    expect(body.compliance.find((c: { level: number }) => c.level === 2).response).toMatchObject({
      met: 1,
      missed: 0,
    });
  });

  it('shows changes to past days at once, before the job ran: re-triage, closure, transfer, subject', async () => {
    clock.set('2026-03-06T02:10:00Z');
    const rolled = await rt.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ticket_daily_stats',
    );
    for (const key of ['billing', 'waiting', 'suggestion']) {
      await act(key, 'transfer', { departmentId: ward, reason: '归口五病区' });
    }
    await act('waiting', 'subject-staff', { staffId: headId }, 'PUT');
    await triage('waiting', 1, 'clinical'); // Monday's ticket, now level 1: same reply, earlier deadline
    await act('suggestion', 'transition', { action: 'resolve_on_spot', reason: '已增加插座' }); // Wednesday's
    // Changes never write the rollup: only the job does.
    expect(await rt.database.query('SELECT count(*)::int AS n FROM ticket_daily_stats')).toEqual(rolled);

    const body = await expectExact(staff);
    expect(body.rollup.liveDays).toBe(3); // Monday, Wednesday (re-triaged, closed) and today
    await expectExact(head, headSees);
    const headBody = await dashboard(head);
    // The department's figures: two transferred tickets, not the one naming the head, nothing else.
    expect(headBody.perDay.reduce((a: number, d: { received: number }) => a + d.received, 0)).toBe(2);
  });

  it('takes the changes into the rollup; figures stay exact when read from it', async () => {
    clock.set('2026-03-06T02:20:00Z');
    await runRollup();
    await runRollup(); // a second run (another server, a retry) changes nothing
    clock.set('2026-03-06T02:30:00Z'); // the changes are now older than the watermark
    await runRollup();
    const body = await expectExact(staff);
    expect(body.rollup.liveDays).toBe(1);
    await expectExact(head, headSees);
  });

  it('counts a deadline passing on a rolled-up day as missed, with no change to the ticket', async () => {
    const level3 = async () =>
      (await dashboard(staff)).compliance.find((c: { level: number }) => c.level === 3).response;
    const before = await level3();
    expect(before.pending).toBe(1); // Thursday's ticket, due at the end of Friday
    clock.set('2026-03-06T10:00:00Z'); // Friday 18:00
    const after = await level3();
    expect(after).toMatchObject({ missed: before.missed + 1, pending: 0 });
    await expectExact(staff);
  });

  it("reads yesterday's closures from the rollup the next day; intake does not write the rollup", async () => {
    clock.set('2026-03-07T02:00:00Z'); // Saturday 10:00: Friday's re-triage and closure are a past day now
    const body = await expectExact(staff);
    expect(body.rollup.liveDays).toBe(1);
    expect(body.perDay.find((d: { day: string }) => d.day === '2026-03-06')).toEqual({
      day: '2026-03-06',
      received: 0,
      closed: 1,
    });
    const rolled = await rt.database.query('SELECT count(*)::int AS n FROM ticket_daily_stats');
    await submit('today', '护士态度很好，表扬一下。');
    // A hot rollup row written by every intake would serialise intakes: only the job writes it.
    expect(await rt.database.query('SELECT count(*)::int AS n FROM ticket_daily_stats')).toEqual(rolled);
    await expectExact(staff);
    await expectExact(head, headSees);
  });

  it('counts each ticket once when several servers run the job at once, and while a dashboard reads', async () => {
    const rollup = createDashboardRollupRepository(rt.database.db);
    const at = clock();
    const job = () => rollup.refresh({ timeZone: TIME_ZONE, watermark: at, now: at });
    await rt.database.query('DELETE FROM ticket_daily_stats_state');
    // Before any run (a first start): every day is computed live, and exactly.
    expect(shapeOf(await dashboard(staff))).toEqual(directCount(await rows(), clock()));
    const [read, ...runs] = await Promise.all([dashboard(staff), job(), job(), job()]);
    expect(runs.some((r) => r.ran && r.full)).toBe(true);
    expect(shapeOf(read)).toEqual(directCount(await rows(), clock()));
    clock.advance(60_000);
    await act('lateAnswer', 'reply', { text: '已转交后勤处理。' }); // Thursday's ticket, answered late
    clock.advance(60_000);
    const later = clock();
    await Promise.all(
      [1, 2, 3].map(() => rollup.refresh({ timeZone: TIME_ZONE, watermark: later, now: later })),
    );
    const body = await expectExact(staff);
    expect(body.rollup.liveDays).toBe(1);
  });

  it('rebuilds from scratch to the same figures', async () => {
    const before = await dashboard(staff);
    await rt.database.query('DELETE FROM ticket_daily_stats_state');
    const ran = await runRollup();
    expect(ran.full).toBe(1);
    const after = await dashboard(staff);
    expect({ ...after, rollup: null }).toEqual({ ...before, rollup: null });
    await expectExact(staff);
  });
});
