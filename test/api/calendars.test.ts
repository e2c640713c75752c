import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { createAuthService } from '../../src/services/auth.service.ts';
import {
  BACKENDS,
  createPgDatabase,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';

const HOLIDAYS_2027 = {
  year: 2027,
  days: [
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '春节', date: '2027-02-06', isOffDay: true },
    { name: '春节', date: '2027-02-20', isOffDay: false },
  ],
};

describe.each(BACKENDS)('calendar admin API on %s', (backend) => {
  const clock = fakeClock('2026-03-11T02:00:00Z');
  let rt: TestRuntime;
  let admin: Record<string, string>;
  let agent: Record<string, string>;

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
    admin = await loginHeaders(rt);
    const auth = createAuthService({ database: rt.database, clock, sessionIdleMinutes: 7 * 24 * 60 });
    await auth.createUser({
      username: 'agent2',
      displayName: 'A',
      password: 'calendar-agent-pw',
      role: 'agent',
    });
    agent = await loginHeaders(rt, 'agent2', 'calendar-agent-pw');
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = admin) =>
    rt.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('lists calendars with the current or next year they lack, and says so', async () => {
    const res = await call('GET', '/api/v1/admin/calendars');
    expect(res.statusCode).toBe(200);
    const byId = Object.fromEntries(res.json().items.map((c: { id: string }) => [c.id, c]));
    expect(byId['cn-mainland']).toMatchObject({
      timeZone: 'Asia/Shanghai',
      coveredYears: [2026],
      missingYears: [2027],
    });
    expect(byId.weekends.missingYears).toEqual([]);
    expect(res.json().warnings).toEqual([
      expect.stringContaining('calendar cn-mainland has no holiday data for 2027'),
    ]);
    expect((await call('GET', '/api/v1/admin/calendars', undefined, agent)).statusCode).toBe(403);
  });

  it('adds, edits and deletes overrides, and new deadlines follow at once', async () => {
    const url = '/api/v1/admin/calendars/cn-mainland/overrides';
    // Thursday 12 Mar becomes a day off (say, a local holiday).
    expect((await call('POST', url, { date: '2026-03-12', kind: 'off', name: '院庆' })).statusCode).toBe(201);
    const dup = await call('POST', url, { date: '2026-03-12', kind: 'working', name: 'x' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code ?? dup.json().error?.code).toBe('CALENDAR_OVERLAPPING_OVERRIDE');

    const submit = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text: '停车场收费不合理' },
    });
    const no = submit.json().ticketNo;
    const detail = (
      await rt.app.inject({ method: 'GET', url: `/api/v1/tickets/${no}`, headers: agent })
    ).json();
    // 1 working day after Wed 11 Mar, with Thu off: end of Fri 13 Mar.
    expect(detail.ticket.deadlines[1].dueAt).toBe('2026-03-13T09:30:00.000Z');
    expect(detail.ticket.deadlines[1].explanation).toContain('skips 院庆 12 Mar');

    expect((await call('PUT', `${url}/2026-03-12`, { kind: 'off', name: '院庆日' })).statusCode).toBe(200);
    const listed = (await call('GET', `${url}?year=2026`)).json().items;
    expect(listed).toContainEqual({ date: '2026-03-12', kind: 'off', name: '院庆日' });
    expect((await call('DELETE', `${url}/2026-03-12`)).statusCode).toBe(200);
    expect((await call('DELETE', `${url}/2026-03-12`)).statusCode).toBe(404);
    // Each change that moves deadlines is in the audit log, with who made it (refusals are not).
    const logged = await rt.database.query<{
      action: string;
      actor_type: string;
      details: { date?: string };
    }>("SELECT action, actor_type, details FROM audit_log WHERE target = 'calendar:cn-mainland' ORDER BY id");
    expect(logged.map((r) => r.action)).toEqual([
      'calendar.override.add',
      'calendar.override.update',
      'calendar.override.delete',
    ]);
    expect(logged.every((r) => r.actor_type === 'staff' && r.details.date === '2026-03-12')).toBe(true);
    // A date in a year the calendar does not cover is refused with a code naming the problem.
    const far = await call('POST', url, { date: '2031-05-01', kind: 'off', name: '劳动节' });
    expect(far.statusCode).toBe(400);
    expect(JSON.stringify(far.json())).toContain('CALENDAR_OVERRIDE_UNCOVERED_YEAR');
  });
});

describe.each(BACKENDS)('careloop calendar import on %s', (backend) => {
  let dir: string;
  const env: Record<string, string | undefined> = {};
  let dropPg: (() => Promise<void>) | undefined;

  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['calendar', ...args], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      readFile: async (p) => (await import('node:fs/promises')).readFile(p, 'utf8'),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const file = async (name: string, content: unknown) => {
    const p = path.join(dir, name);
    await writeFile(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };
  const cnMainland = async () => {
    const listed = await run('list');
    return listed.out
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((c: { id: string }) => c.id === 'cn-mainland');
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'careloop-cal-'));
    env.DATABASE_URL = process.env.DATABASE_URL;
    env.CARELOOP_DATA_DIR = process.env.CARELOOP_DATA_DIR;
    env.LOG_LEVEL = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'silent';
    if (backend === 'postgres') {
      const pgDb = await createPgDatabase();
      process.env.DATABASE_URL = pgDb.url;
      dropPg = pgDb.drop;
    } else {
      delete process.env.DATABASE_URL;
      process.env.CARELOOP_DATA_DIR = path.join(dir, 'data');
    }
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await dropPg?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file with a malformed date, naming it, and loads nothing', async () => {
    const before = await cnMainland();
    const bad = await file('bad.json', {
      year: 2027,
      days: [HOLIDAYS_2027.days[0], { name: '春节', date: '2027-02-30', isOffDay: true }],
    });
    const res = await run('import', bad, '--calendar', 'cn-mainland');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/nothing loaded: days\[1\].*"date" must be a real date/);
    expect(await cnMainland()).toEqual(before);
  });

  it('refuses broken JSON, an unknown calendar and missing arguments', async () => {
    const broken = await file('broken.json', '{"year": 2027, "days": [');
    expect(await run('import', broken, '--calendar', 'cn-mainland')).toMatchObject({
      code: 1,
      err: expect.stringContaining('not valid JSON'),
    });
    const good = await file('2027.json', HOLIDAYS_2027);
    expect(await run('import', good, '--calendar', 'nope')).toMatchObject({
      code: 1,
      err: expect.stringContaining("No calendar 'nope'"),
    });
    expect((await run('import', good)).code).toBe(2);
  });

  it('loads a holiday-cn year all at once', async () => {
    const good = await file('2027.json', HOLIDAYS_2027);
    const res = await run('import', good, '--calendar', 'cn-mainland');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out)).toMatchObject({ calendarId: 'cn-mainland', year: 2027, days: 3 });
    const after = await cnMainland();
    expect(after.coveredYears).toEqual([2026, 2027]);
    expect(after.overrideCount).toBe(39 + 3);
  });
});
