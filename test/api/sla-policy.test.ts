import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthService } from '../../src/services/auth.service.ts';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';

const START = '2026-03-11T02:00:00.000Z'; // Wednesday 10:00 in Shanghai

const target = (amount: number, unit: string) => ({ amount, unit });
/** The default policy's targets, with level 1's first response cut to 15 minutes. */
const draft = (change: Record<string, unknown> = {}) => ({
  basedOnVersion: 1,
  levels: {
    '1': { firstResponse: target(15, 'calendar_minutes'), resolution: target(1440, 'calendar_minutes') },
    '2': { firstResponse: target(120, 'working_minutes'), resolution: target(1, 'working_days') },
    '3': { firstResponse: target(1, 'working_days'), resolution: target(5, 'working_days') },
  },
  vipFirstResponseCap: target(30, 'calendar_minutes'),
  complexResolution: target(5, 'working_days'),
  multiDepartmentResolution: target(10, 'working_days'),
  flaggedLevels: [2],
  ...change,
});

describe.each(BACKENDS)('SLA policy versions API on %s', (backend) => {
  const clock = fakeClock(START);
  let rt: TestRuntime;
  let admin: Record<string, string>;
  let agent: Record<string, string>;

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
    admin = await loginHeaders(rt);
    const auth = createAuthService({ database: rt.database, clock, sessionIdleMinutes: 7 * 24 * 60 });
    await auth.createUser({
      username: 'agent7',
      displayName: 'A',
      password: 'sla-agent-pw-1',
      role: 'agent',
    });
    agent = await loginHeaders(rt, 'agent7', 'sla-agent-pw-1');
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object, headers = admin) =>
    rt.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const URL = '/api/v1/admin/sla-policy/versions';
  const submitLevel1 = async () => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text: '胸口痛，没人管' },
    });
    const no = res.json().ticketNo as string;
    const triaged = await call('POST', `/api/v1/tickets/${no}/triage`, {
      kind: 'complaint',
      category: 'clinical',
      level: 1,
    });
    expect(triaged.statusCode).toBe(200);
    return no;
  };
  const firstResponseDue = async (no: string) =>
    (await call('GET', `/api/v1/tickets/${no}`)).json().ticket.deadlines[0].dueAt as string;

  it('lists the seeded default as the current version, for settings administrators only', async () => {
    const res = await call('GET', URL);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      levels: [1, 2, 3],
      units: ['calendar_minutes', 'working_minutes', 'working_days'],
      amountMax: { working_days: 365 },
    });
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id: 'default',
        version: 1,
        state: 'current',
        levels: expect.objectContaining({
          '1': {
            firstResponse: target(30, 'calendar_minutes'),
            resolution: target(1440, 'calendar_minutes'),
          },
        }),
        flaggedLevels: [2],
      }),
    ]);
    expect((await call('GET', URL, undefined, agent)).statusCode).toBe(403);
    expect((await call('POST', URL, draft(), agent)).json().error.code).toBe('FORBIDDEN');
    expect((await rt.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
  });

  it('refuses bad drafts with a code and the field at fault, and stores nothing', async () => {
    const cases: [object, number, string, string | undefined][] = [
      [
        draft({ vipFirstResponseCap: target(0, 'calendar_minutes') }),
        400,
        'SLA_BAD_TARGET',
        'vipFirstResponseCap',
      ],
      [draft({ complexResolution: target(2.5, 'working_days') }), 400, 'SLA_BAD_TARGET', 'complexResolution'],
      [
        draft({ multiDepartmentResolution: target(3, 'fortnights') }),
        400,
        'SLA_BAD_TARGET',
        'multiDepartmentResolution',
      ],
      [
        draft({
          levels: {
            ...draft().levels,
            '3': { firstResponse: target(1, 'working_days'), resolution: target(400, 'working_days') },
          },
        }),
        400,
        'SLA_BAD_TARGET',
        'levels.3.resolution',
      ],
      [
        draft({ levels: { '1': draft().levels['1'], '2': draft().levels['2'] } }),
        400,
        'SLA_BAD_POLICY',
        'levels',
      ],
      [draft({ flaggedLevels: [4] }), 400, 'SLA_BAD_POLICY', 'flaggedLevels'],
      [draft({ basedOnVersion: 7 }), 409, 'SLA_POLICY_CHANGED', 'basedOnVersion'],
      [draft({ activeFrom: '2026-03-11T01:00:00Z' }), 400, 'SLA_POLICY_START_IN_PAST', 'activeFrom'],
      [draft({ name: 'x' }), 400, 'VALIDATION_FAILED', 'name'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await call('POST', URL, body);
      expect({ status: res.statusCode, code: res.json().error.code, field: res.json().error.field }).toEqual({
        status,
        code,
        field,
      });
    }
    expect((await call('GET', URL)).json().items).toHaveLength(1);
  });

  it('a new version times tickets received after it; tickets received before keep theirs', async () => {
    const before = await submitLevel1();
    expect(await firstResponseDue(before)).toBe('2026-03-11T02:30:00.000Z');

    clock.set('2026-03-11T02:05:00Z');
    const res = await call('POST', URL, draft());
    expect(res.statusCode).toBe(201);
    expect(res.json().version).toMatchObject({
      version: 2,
      state: 'current',
      activeFrom: '2026-03-11T02:05:00.000Z',
      levels: { '1': { firstResponse: target(15, 'calendar_minutes') } },
    });
    const after = await submitLevel1();
    expect(await firstResponseDue(after)).toBe('2026-03-11T02:20:00.000Z');

    // A change to the older ticket recomputes its clock with the version it recorded, not the new one.
    const retriaged = await call('POST', `/api/v1/tickets/${before}/triage`, {
      kind: 'complaint',
      category: 'waiting',
      level: 1,
    });
    expect(retriaged.statusCode).toBe(200);
    expect(await firstResponseDue(before)).toBe('2026-03-11T02:30:00.000Z');

    const states = (await call('GET', URL))
      .json()
      .items.map((v: { version: number; state: string }) => [v.version, v.state]);
    expect(states).toEqual([
      [2, 'current'],
      [1, 'superseded'],
    ]);
    const audit = await rt.database.query<{ action: string; target: string; actor_name: string }>(
      "SELECT action, target, actor_name FROM audit_log WHERE action = 'sla_policy.publish'",
    );
    expect(audit).toEqual([
      { action: 'sla_policy.publish', target: 'sla_policy:default@2', actor_name: 'admin' },
    ]);
  });

  it('a version may start later: scheduled until then, and a draft of the old version is refused', async () => {
    const scheduled = await call(
      'POST',
      URL,
      draft({
        basedOnVersion: 2,
        activeFrom: '2026-03-13T00:00:00+08:00',
        vipFirstResponseCap: target(20, 'calendar_minutes'),
      }),
    );
    expect(scheduled.statusCode).toBe(201);
    expect(scheduled.json().version).toMatchObject({
      version: 3,
      state: 'scheduled',
      activeFrom: '2026-03-12T16:00:00.000Z',
    });
    const stale = await call('POST', URL, draft({ basedOnVersion: 2 }));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'SLA_POLICY_CHANGED', details: { latestVersion: 3 } });

    clock.set('2026-03-13T02:00:00Z');
    const states = (await call('GET', URL))
      .json()
      .items.map((v: { version: number; state: string }) => v.state);
    expect(states).toEqual(['current', 'superseded', 'superseded']);
  });

  it('a plain administrator (no case permissions) can use every admin page: departments, users, rules, settings', async () => {
    const auth = createAuthService({ database: rt.database, clock, sessionIdleMinutes: 7 * 24 * 60 });
    await auth.createUser({
      username: 'it-admin',
      displayName: 'IT',
      password: 'it-admin-pw-12',
      role: 'admin',
    });
    const plain = await loginHeaders(rt, 'it-admin', 'it-admin-pw-12');
    const dept = await call('POST', '/api/v1/workflow/departments', { code: 'derm', name: '皮肤科' }, plain);
    expect(dept.statusCode).toBe(201);
    const listed = await call('GET', '/api/v1/admin/departments', undefined, plain);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toContainEqual(expect.objectContaining({ code: 'derm', name: '皮肤科' }));
    // Cases stay out of reach: the console's department list for case work needs ticket.read.
    expect((await call('GET', '/api/v1/workflow/departments', undefined, plain)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/admin/departments', undefined, agent)).statusCode).toBe(403);
    for (const url of [
      '/api/v1/admin/users',
      '/api/v1/admin/roles',
      '/api/v1/workflow/routing-rules',
      '/api/v1/admin/calendars',
      URL,
    ]) {
      expect(`${url} ${(await call('GET', url, undefined, plain)).statusCode}`).toBe(`${url} 200`);
    }
  });

  it("keeps the 0.1.0 admin's settings rights: an unedited preset gains admin.settings on start", async () => {
    await rt.database.query(
      `UPDATE roles SET permissions = '["users.manage","roles.manage","tokens.manage"]'::jsonb WHERE name = 'admin'`,
    );
    expect((await call('GET', URL)).statusCode).toBe(403);
    const auth = createAuthService({ database: rt.database, clock, sessionIdleMinutes: 7 * 24 * 60 });
    await auth.seedRoles();
    expect((await call('GET', URL)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/admin/calendars')).statusCode).toBe(200);

    // An institution's own edit of the role is left as it is.
    await rt.database.query(`UPDATE roles SET permissions = '["users.manage"]'::jsonb WHERE name = 'admin'`);
    await auth.seedRoles();
    expect((await call('GET', URL)).statusCode).toBe(403);
  });
});
