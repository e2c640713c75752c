import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  TEST_ADMIN_PASSWORD,
  type TestRuntime,
} from '../support/backends.ts';

/**
 * The staff queue's saved views on a real database: `overdue=true` (an open ticket with a deadline
 * already past, relative to the server's clock), `mine=true` (owner or assignee is the caller), both
 * inside the caller's scope and with cursor pages; the staff directory behind owner names; and the
 * live event an assignment produces, heard by an assignee of another department.
 *
 * Untriaged tickets run a provisional level-2 clock: received Wed 11 Mar 2026 10:00 Shanghai (02:00Z),
 * the first response is due after 120 working minutes, at 12:00 (04:00Z); received at 11:30 (03:30Z),
 * at 15:00 (07:00Z), the lunch break not counting. Resolution is due at the end of the next working day.
 */
const PASSWORD = 'a-long-enough-passphrase';
type Headers = Record<string, string>;

describe.each(BACKENDS)('queue filters and assignment events on %s', (backend) => {
  let rt: TestRuntime;
  const clock = fakeClock('2026-03-11T02:00:00Z');
  let admin: Headers;
  const users: Record<string, { id: number; headers: Headers }> = {};
  let deptA = 0;
  let deptB = 0;
  /** Dept A, first response never given: overdue from 04:00Z. */
  let lateA = '';
  /** Dept B, the same: overdue from 04:00Z. */
  let lateB = '';
  /** Dept A, answered in time: the resolution is not due until Thursday. */
  let answeredA = '';
  /** Dept A, withdrawn: its first-response instant passes, but a final ticket is never overdue. */
  let withdrawnA = '';
  /** Dept A, received at 03:30Z: first response due 07:00Z. Assigned to handler B. */
  let laterA = '';

  const req = (method: string, url: string, headers: Headers = {}, payload?: unknown) =>
    rt.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function createUser(username: string, role: string, departmentId: number | null) {
    const res = await req('POST', '/api/v1/admin/users', admin, {
      username,
      displayName: `Name of ${username}`,
      password: PASSWORD,
      role,
      departmentId,
    });
    expect(res.statusCode, res.body).toBe(201);
    users[username] = { id: res.json().user.id, headers: await loginHeaders(rt, username, PASSWORD) };
  }

  async function submit(text: string, departmentId: number): Promise<string> {
    const res = await req('POST', '/api/v1/feedback', {}, { text });
    expect(res.statusCode).toBe(201);
    const ticketNo = res.json().ticketNo as string;
    await rt.database.query('UPDATE tickets SET department_id = $1 WHERE ticket_no = $2', [
      departmentId,
      ticketNo,
    ]);
    return ticketNo;
  }

  const h = (name: string) => users[name]!.headers;
  const list = async (who: Headers, qs: string) => {
    const res = await req('GET', `/api/v1/tickets?${qs}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { ticketNo: string; overdue: boolean }[]; nextCursor: string | null };
  };
  const numbers = async (who: Headers, qs: string) =>
    (await list(who, qs)).items.map((t) => t.ticketNo).sort();

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
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
    await createUser('agent1', 'agent', null);
    await createUser('handlerA', 'department_handler', deptA);
    await createUser('handlerB', 'department_handler', deptB);

    lateA = await submit('心内科病房夜里太吵，护士不理会。', deptA);
    lateB = await submit('骨科复诊排队两个小时。', deptB);
    answeredA = await submit('心内科检查报告什么时候能拿？', deptA);
    withdrawnA = await submit('心内科门口没有轮椅。', deptA);
    const reply = await req('POST', `/api/v1/tickets/${answeredA}/reply`, h('agent1'), {
      text: '您好，报告明天上午可取。',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    const withdraw = await req('POST', `/api/v1/tickets/${withdrawnA}/transition`, h('agent1'), {
      action: 'withdraw',
      reason: '患者来电撤回',
    });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    clock.set('2026-03-11T03:30:00Z');
    laterA = await submit('心内科护士抽血时态度不好。', deptA);
  }, 600_000);
  afterAll(async () => {
    await rt?.drop();
  });

  it('lists no ticket as overdue before its first deadline', async () => {
    clock.set('2026-03-11T03:59:00Z');
    expect(await numbers(h('agent1'), 'overdue=true')).toEqual([]);
  });

  it('lists open tickets with a deadline past, relative to the server clock, and flags each row', async () => {
    clock.set('2026-03-11T05:00:00Z'); // 13:00 in Shanghai
    const page = await list(h('agent1'), 'overdue=true');
    expect(page.items.map((t) => t.ticketNo).sort()).toEqual([lateA, lateB].sort());
    // The filter and the row's own flag agree (one in SQL, one in the domain's isOverdue).
    expect(page.items.every((t) => t.overdue)).toBe(true);
    const all = await list(h('agent1'), 'limit=200');
    const flagged = all.items.filter((t) => t.overdue).map((t) => t.ticketNo);
    expect(flagged.sort()).toEqual([lateA, lateB].sort());
    // overdue=false is no filter at all, like awaitingTriage=false.
    expect((await numbers(h('agent1'), 'overdue=false')).length).toBe(5);
  });

  it('keeps each department to its own overdue tickets', async () => {
    expect(await numbers(h('handlerA'), 'overdue=true')).toEqual([lateA]);
    expect(await numbers(h('handlerB'), 'overdue=true')).toEqual([lateB]);
    // An explicit department filter cannot widen the scope either.
    expect(await numbers(h('handlerB'), `overdue=true&departmentId=${deptA}`)).toEqual([]);
  });

  it('pages through overdue tickets with the cursor, newest first', async () => {
    const first = await list(h('agent1'), 'overdue=true&limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(h('agent1'), `overdue=true&limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    // Same receipt instant: the later id (lateB) comes first.
    expect([first.items[0]!.ticketNo, second.items[0]!.ticketNo]).toEqual([lateB, lateA]);
  });

  it('lists my tickets (owner or assignee) and my overdue ones, across departments when assigned', async () => {
    expect(await numbers(h('handlerA'), 'mine=true')).toEqual([]);
    const claim = await req('POST', `/api/v1/tickets/${lateA}/claim`, h('handlerA'), {
      reason: '我来跟进',
    });
    expect(claim.statusCode, claim.body).toBe(200);
    const assign = await req('POST', `/api/v1/tickets/${laterA}/assign`, h('agent1'), {
      assigneeId: users.handlerB!.id,
      reason: '骨科护士长熟悉此事',
    });
    expect(assign.statusCode, assign.body).toBe(200);

    // handler A claimed an unowned web ticket: they are now its owner and assignee.
    expect(await numbers(h('handlerA'), 'mine=true')).toEqual([lateA]);
    expect(await numbers(h('handlerA'), 'mine=true&overdue=true')).toEqual([lateA]);
    // laterA belongs to department A but is assigned to handler B: theirs, not yet late.
    expect(await numbers(h('handlerB'), 'mine=true')).toEqual([laterA]);
    expect(await numbers(h('handlerB'), 'mine=true&overdue=true')).toEqual([]);

    clock.set('2026-03-11T07:30:00Z'); // 15:30: laterA's first response (15:00) has passed
    expect(await numbers(h('handlerB'), 'mine=true&overdue=true')).toEqual([laterA]);
    // Their overdue view: their department's late ticket and the one assigned to them — nothing else of A.
    expect(await numbers(h('handlerB'), 'overdue=true')).toEqual([lateB, laterA].sort());
    expect(await numbers(h('agent1'), 'mine=true')).toEqual([]);
    // Other filters still narrow "mine".
    expect(await numbers(h('handlerA'), 'mine=true&status=resolution_proposed')).toEqual([]);
  });

  it('names staff in the directory, without usernames or contact details', async () => {
    expect((await req('GET', '/api/v1/staff-directory')).statusCode).toBe(401);
    const res = await req('GET', '/api/v1/staff-directory', h('handlerA'));
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items).toContainEqual({
      id: users.handlerB!.id,
      displayName: 'Name of handlerB',
      departmentId: deptB,
      active: true,
    });
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual(['active', 'departmentId', 'displayName', 'id']);
  });

  it('streams an assignment to the new assignee in another department, and only what concerns them', async () => {
    await rt.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = rt.app.server.address() as AddressInfo;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events/stream`, {
      headers: { cookie: h('handlerB').cookie! },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${needle}"`);
        received += decoder.decode(value);
      }
    };
    await readUntil(': connected');

    // First a change handler B may not hear (department A, not theirs) — a note on answeredA …
    const note = await req('POST', `/api/v1/tickets/${answeredA}/notes`, h('agent1'), {
      text: '已通知检验科',
    });
    expect(note.statusCode).toBe(200);
    // … then a department-A task on lateA (the task service publishes too; not handler B's either) …
    const task = await req('POST', `/api/v1/tickets/${lateA}/tasks`, h('agent1'), {
      departmentId: deptA,
      question: '请核实夜班护士排班。',
      dueAt: '2026-03-12T07:30:00Z',
    });
    expect(task.statusCode, task.body).toBe(201);
    // … then the assignment that makes answeredA theirs. Events arrive in order on one stream, so had the
    // note or the task been sent to them, it would be in `received` before the assignment.
    const assign = await req('POST', `/api/v1/tickets/${answeredA}/assign`, h('agent1'), {
      assigneeId: users.handlerB!.id,
      reason: '需要骨科会诊',
    });
    expect(assign.statusCode, assign.body).toBe(200);
    await readUntil(answeredA);
    const frames = received.split('\n\n').filter((f) => f.startsWith('event: '));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain('event: ticket.updated');
    const data = JSON.parse(
      frames[0]!
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6),
    );
    expect(data).toMatchObject({
      type: 'ticket.updated',
      ticketNo: answeredA,
      departmentId: deptA,
      assigneeId: users.handlerB!.id,
    });
    expect(received).not.toContain(lateA);
    controller.abort();
  });

  it('announces task changes to consoles that see the ticket', async () => {
    const { port } = rt.app.server.address() as AddressInfo;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events/stream`, {
      headers: { cookie: h('handlerA').cookie! },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes(': connected')) received += decoder.decode((await reader.read()).value);
    const task = await req('POST', `/api/v1/tickets/${laterA}/tasks`, h('agent1'), {
      departmentId: deptB,
      question: '请骨科说明当班情况。',
      dueAt: '2026-03-12T07:30:00Z',
    });
    expect(task.statusCode, task.body).toBe(201);
    while (!received.includes(laterA)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      received += decoder.decode(value);
    }
    expect(received).toContain('event: ticket.updated');
    controller.abort();
  });
});
