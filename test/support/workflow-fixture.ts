import { createAuthService } from '../../src/services/auth.service.ts';
import { loginHeaders, type TestRuntime } from './backends.ts';

/**
 * A small hospital for workflow tests: departments, handlers with profiles, routing rules and an
 * on-call entry — all set up through the admin API, as an institution would.
 */
export interface WorkflowFixture {
  admin: Record<string, string>;
  agent: Record<string, string>;
  dept: { relations: number; billing: number; cardiology: number };
  users: Record<'agent' | 'bill1' | 'bill2' | 'billHead' | 'card1', number>;
}

export const STAFF_PASSWORD = 'staff-password-123';

export async function setUpHospital(rt: TestRuntime): Promise<WorkflowFixture> {
  const admin = await loginHeaders(rt);
  const post = async (url: string, payload: unknown, method: 'POST' | 'PUT' = 'POST') => {
    const res = await rt.app.inject({ method, url, payload: payload as object, headers: admin });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const dept = {
    relations: (
      await post('/api/v1/workflow/departments', {
        code: 'relations',
        name: '患者关系办公室',
        nameEn: 'Patient relations',
      })
    ).id,
    billing: (
      await post('/api/v1/workflow/departments', { code: 'billing', name: '收费处', nameEn: 'Billing' })
    ).id,
    cardiology: (
      await post('/api/v1/workflow/departments', { code: 'cardiology', name: '心内科', nameEn: 'Cardiology' })
    ).id,
  };
  const auth = createAuthService({
    database: rt.database,
    clock: () => new Date(),
    sessionIdleMinutes: 60 * 24 * 30,
  });
  const make = async (username: string, role: string, departmentId: number) =>
    (await auth.createUser({ username, displayName: username, password: STAFF_PASSWORD, role, departmentId }))
      .id;
  const users = {
    agent: await make('agent', 'agent', dept.relations),
    bill1: await make('bill1', 'department_handler', dept.billing),
    bill2: await make('bill2', 'department_handler', dept.billing),
    billHead: await make('billhead', 'department_head', dept.billing),
    card1: await make('card1', 'department_handler', dept.cardiology),
  };
  const profile = (userId: number, over: Record<string, unknown> = {}) =>
    post(
      `/api/v1/workflow/staff-profiles/${userId}`,
      {
        languages: ['zh'],
        skills: [],
        available: true,
        departmentHead: false,
        email: null,
        phone: null,
        ...over,
      },
      'PUT',
    );
  await profile(users.agent, { email: 'agent@hospital.test' });
  await profile(users.bill1, { languages: ['zh', 'en'], email: 'bill1@hospital.test' });
  await profile(users.bill2, { email: 'bill2@hospital.test' });
  // The head is off the rota for ordinary cases but receives level 1 and rejections.
  await profile(users.billHead, { departmentHead: true, available: false, email: 'billhead@hospital.test' });
  await profile(users.card1, { email: 'card1@hospital.test' });

  const rule = (over: Record<string, unknown>) =>
    post('/api/v1/workflow/routing-rules', {
      category: null,
      kind: null,
      channel: null,
      keywords: [],
      active: true,
      ...over,
    });
  await rule({ priority: 10, keywords: ['收费', '多收', 'invoice', 'billing'], departmentId: dept.billing });
  await rule({ priority: 20, keywords: ['心内科', '心脏'], departmentId: dept.cardiology });
  await rule({ priority: 1000, departmentId: dept.relations, note: 'catch-all' });
  await post('/api/v1/workflow/on-call', { userId: users.agent, departmentId: null });

  return { admin, agent: await loginHeaders(rt, 'agent', STAFF_PASSWORD), dept, users };
}
