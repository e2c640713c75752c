import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { createLogger, createRuntime, type Runtime } from '../../src/server.ts';
import { createAuthService } from '../../src/services/auth.service.ts';
import type { Backend } from '../../src/store/database.ts';
import { BACKENDS, createPgDatabase, fakeClock, loginHeaders, testConfig } from '../support/backends.ts';

/**
 * SLA clocks end to end on a real database: a level-2 ticket received Wed 11 Mar 2026 10:00
 * Asia/Shanghai (cn-mainland: 08:00–12:00, 13:30–17:30) goes through its warning, breach and
 * escalation while a fake clock moves, with the server down over the breach. Expected instants:
 * first response 120 working minutes → due 12:00, warning at 96 min 11:36, escalation 15:30;
 * resolution 1 working day → end of Thu 12 Mar 17:30, warning 14:42 Thu (80 % of 14 working hours).
 */
const RECEIVED = '2026-03-11T02:00:00.000Z';
const FR_WARN = '2026-03-11T03:36:00.000Z';
const FR_DUE = '2026-03-11T04:00:00.000Z';
const FR_ESCALATE = '2026-03-11T07:30:00.000Z';
const RES_WARN = '2026-03-12T06:42:00.000Z';
const RES_DUE = '2026-03-12T09:30:00.000Z';
const PASSWORD = 'sla-test-password-1';

interface TimelineEvent {
  type: string;
  at: string;
  payload: Record<string, unknown>;
}

describe.each(BACKENDS)('SLA clocks on %s', (backend: Backend) => {
  const clock = fakeClock(RECEIVED);
  let config: Config;
  let cleanup: () => Promise<void>;
  let rt: Runtime;
  let staff: Record<string, string>;
  let qualityManagerId: number;

  const start = async () => {
    rt = await createRuntime({ config, clock, logger: createLogger(config) });
    staff = await loginHeaders(rt, 'agent1', PASSWORD);
  };

  beforeAll(async () => {
    // A folder, not memory: the restart below must find the same database (PGlite) and the same
    // data-folder state, such as the generated key of encrypted contact details (both backends).
    const dir = await mkdtemp(path.join(tmpdir(), 'careloop-sla-'));
    const removeDir = () => rm(dir, { recursive: true, force: true });
    if (backend === 'pglite') {
      config = testConfig({ dataDir: dir });
      cleanup = removeDir;
    } else {
      const pgDb = await createPgDatabase();
      config = testConfig({ databaseUrl: pgDb.url, dataDir: dir });
      cleanup = async () => {
        await pgDb.drop();
        await removeDir();
      };
    }
    rt = await createRuntime({ config, clock, logger: createLogger(config) });
    const auth = createAuthService({ database: rt.database, clock, sessionIdleMinutes: 7 * 24 * 60 });
    await auth.createUser({ username: 'agent1', displayName: 'Agent', password: PASSWORD, role: 'agent' });
    const qm = await auth.createUser({
      username: 'quality1',
      displayName: 'Quality',
      password: PASSWORD,
      role: 'quality_manager',
    });
    qualityManagerId = (qm as { id: number }).id;
    staff = await loginHeaders(rt, 'agent1', PASSWORD);
  });
  afterAll(async () => {
    await rt?.close();
    await cleanup?.();
  });

  const post = (url: string, payload: unknown) =>
    rt.app.inject({ method: 'POST', url, payload: payload as object, headers: staff });
  const get = (url: string) => rt.app.inject({ method: 'GET', url, headers: staff });
  const detail = async (no: string) => {
    const res = await get(`/api/v1/tickets/${no}`);
    if (res.statusCode !== 200) throw new Error(`detail ${no}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const slaEvents = async (no: string): Promise<TimelineEvent[]> =>
    ((await detail(no)).timeline as TimelineEvent[]).filter((e) => e.type.startsWith('sla_'));
  const sweep = (at: string) => {
    clock.set(at);
    return rt.jobs.runOnce('sla-sweep', new Date(at));
  };
  const submit = async (text: string): Promise<string> => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text, name: '李四', phone: '13900001234' },
    });
    expect(res.statusCode).toBe(201);
    return res.json().ticketNo;
  };
  const triage = (no: string, level: 1 | 2 | 3) =>
    post(`/api/v1/tickets/${no}/triage`, { kind: 'complaint', category: 'waiting', level });

  it('warns, breaches and escalates a level-2 ticket once each, with the true instants across a restart', async () => {
    clock.set(RECEIVED);
    const no = await submit('候诊时间太长，等了三个小时没人解释。');

    // Before triage the clock runs provisionally as level 2, and says so.
    const untriaged = (await detail(no)).ticket;
    expect(untriaged.deadlines[0]).toMatchObject({ target: 'first_response', dueAt: FR_DUE });
    expect(untriaged.deadlines[0].explanation).toMatch(/^provisional, awaiting triage/);

    expect((await triage(no, 2)).statusCode).toBe(200);
    const ticket = (await detail(no)).ticket;
    expect(ticket.deadlines).toMatchObject([
      { target: 'first_response', dueAt: FR_DUE, warnAt: FR_WARN, escalateAt: FR_ESCALATE, met: false },
      { target: 'resolution', dueAt: RES_DUE, warnAt: RES_WARN, met: false },
    ]);
    expect(ticket.deadlines[0].explanation).toBe('2 working hours from 10:00 Wed 11 Mar');

    expect(await sweep('2026-03-11T03:30:00.000Z')).toMatchObject({ fired: 0 });
    expect(await sweep('2026-03-11T03:40:00.000Z')).toMatchObject({ fired: 1 });
    expect((await slaEvents(no)).map((e) => [e.type, e.payload.stageAt])).toEqual([['sla_warning', FR_WARN]]);

    // Down from 11:40 Wed to 09:00 Thu: breach (12:00) and escalation (15:30) happen meanwhile.
    await rt.close();
    clock.set('2026-03-12T01:00:00.000Z');
    await start();
    await rt.jobs.runOnce('sla-sweep'); // whatever the start-up catch-up left, nothing fires twice
    await sweep('2026-03-12T01:00:00.000Z');
    const caught = await slaEvents(no);
    expect(caught.map((e) => [e.type, e.payload.target, e.payload.stageAt])).toEqual([
      ['sla_warning', 'first_response', FR_WARN],
      ['sla_breach', 'first_response', FR_DUE],
      ['sla_escalation', 'first_response', FR_ESCALATE],
    ]);
    // Recorded late (after the restart), stamped with the true breach instant.
    expect(new Date(caught[1]!.at).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-12T01:00:00Z'));
    expect(caught.every((e) => (e.payload.notified as number[]).includes(qualityManagerId))).toBe(true);

    const overdue = (await detail(no)).ticket;
    expect(overdue.overdue).toBe(true);
    expect(overdue.deadlines[0]).toMatchObject({
      overdue: true,
      breachedAt: FR_DUE,
      remainingMinutes: -1260,
    });

    await sweep('2026-03-12T07:00:00.000Z');
    await sweep('2026-03-12T07:00:00.000Z');
    const all = await slaEvents(no);
    expect(all.map((e) => `${e.payload.target}:${e.payload.stage}`)).toEqual([
      'first_response:warning',
      'first_response:breach',
      'first_response:escalation',
      'resolution:warning',
    ]);
    expect(all[3]!.payload.stageAt).toBe(RES_WARN);

    const outbox = await rt.database.query<{ template: string; audience: string }>(
      `SELECT o.template, o.audience FROM notification_outbox o JOIN tickets t ON t.id = o.ticket_id
       WHERE t.ticket_no = $1 AND o.template LIKE 'sla\\_%' ORDER BY o.id`,
      [no],
    );
    expect(outbox.map((o) => o.template)).toEqual([
      'sla_warning',
      'sla_breach',
      'sla_escalation',
      'sla_warning',
    ]);
    expect(outbox.every((o) => o.audience === 'staff')).toBe(true);

    const list = (await get('/api/v1/tickets')).json();
    expect(list.items.find((t: { ticketNo: string }) => t.ticketNo === no)).toMatchObject({
      firstResponseDueAt: FR_DUE,
      resolutionDueAt: RES_DUE,
      overdue: true,
    });
  });

  it('stops every clock while waiting on the patient and pushes the deadlines by the paused working time', async () => {
    clock.set(RECEIVED);
    const no = await submit('检查报告一直拿不到。');
    await triage(no, 2);
    clock.set('2026-03-11T03:00:00.000Z'); // 11:00
    expect(
      (await post(`/api/v1/tickets/${no}/transition`, { action: 'pause', reason: '等患者提供单据' }))
        .statusCode,
    ).toBe(200);
    const held = (await detail(no)).ticket.deadlines;
    expect(held[0]).toMatchObject({ dueAt: null, paused: true, remainingMinutes: null });

    // Nothing fires while the pause holds the clock, even long past the original deadline.
    await sweep('2026-03-11T05:00:00.000Z');
    expect(await slaEvents(no)).toEqual([]);

    clock.set('2026-03-11T06:00:00.000Z'); // 14:00: 1 h 30 min of working time was paused
    expect((await post(`/api/v1/tickets/${no}/transition`, { action: 'resume' })).statusCode).toBe(200);
    const moved = (await detail(no)).ticket.deadlines;
    expect(moved[0]).toMatchObject({ dueAt: '2026-03-11T07:00:00.000Z', paused: false });
    expect(moved[1]).toMatchObject({ dueAt: '2026-03-13T01:30:00.000Z' });
    expect(moved[0].explanation).toContain('1 h 30 min of working time paused before the deadline, added');
  });

  it('recomputes from receivedAt on re-triage, and a first reply meets the first response', async () => {
    clock.set(RECEIVED);
    const no = await submit('护士态度恶劣。');
    await triage(no, 3);
    expect((await detail(no)).ticket.deadlines[0].dueAt).toBe('2026-03-12T09:30:00.000Z');

    clock.set('2026-03-11T02:10:00.000Z');
    await triage(no, 1);
    const urgent = (await detail(no)).ticket;
    expect(urgent.deadlines.map((d: { dueAt: string }) => d.dueAt)).toEqual([
      '2026-03-11T02:30:00.000Z',
      '2026-03-12T02:00:00.000Z',
    ]);

    clock.set('2026-03-11T02:20:00.000Z');
    expect((await post(`/api/v1/tickets/${no}/reply`, { text: '您好，我们已联系护理部。' })).statusCode).toBe(
      200,
    );
    await sweep('2026-03-11T03:30:00.000Z');
    const after = (await detail(no)).ticket.deadlines[0];
    expect(after).toMatchObject({
      met: true,
      metAt: '2026-03-11T02:20:00.000Z',
      late: false,
      overdue: false,
    });
    // The first-response warning (02:24) came after the reply: it never fires.
    expect((await slaEvents(no)).map((e) => e.payload.target)).not.toContain('first_response');
  });
});
