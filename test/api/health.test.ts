import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthService } from '../../src/services/auth.service.ts';
import {
  BACKENDS,
  fakeClock,
  loginHeaders,
  startTestRuntime,
  type TestRuntime,
} from '../support/backends.ts';

describe.each(BACKENDS)('health and readiness on %s', (backend) => {
  let rt: TestRuntime;
  const clock = fakeClock('2026-06-01T02:00:00Z');

  beforeAll(async () => {
    rt = await startTestRuntime(backend, { clock });
  });
  afterAll(async () => {
    await rt?.drop();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    rt.app.inject({ method: 'GET', url, headers });

  it('keeps /healthz as it was', async () => {
    const res = await get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers and the schema is current', async () => {
    const res = await get('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', jobs: 'ok' },
    });
  });

  it('is not ready on a database upgraded by a newer CareLoop, and says which check failed', async () => {
    await rt.database.query(
      "INSERT INTO careloop_migrations (name, checksum) VALUES ('9999_from_the_future', 'x')",
    );
    try {
      const res = await get('/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.migrations).toBe('failed');
      // Still alive: restarting would not help, so /healthz stays green.
      expect((await get('/healthz')).statusCode).toBe(200);
      const detail = (await get('/api/v1/admin/health', await loginHeaders(rt))).json();
      expect(detail.problems.join(' ')).toContain('9999_from_the_future');
    } finally {
      await rt.database.query("DELETE FROM careloop_migrations WHERE name = '9999_from_the_future'");
    }
    expect((await get('/readyz')).statusCode).toBe(200);
  });

  it('shows admins the detail: calendar coverage, queue, jobs, with notes where a part is missing', async () => {
    expect((await get('/api/v1/admin/health')).statusCode).toBe(401);
    const res = await get('/api/v1/admin/health', await loginHeaders(rt));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ready');
    expect(body.backend).toBe(backend);
    const cn = body.calendars.find((c: { id: string }) => c.id === 'cn-mainland');
    // The shipped calendar covers 2026; whatever it lacks of 2026–2027 is listed, 2026 is not.
    expect(cn.missingYears).not.toContain(2026);
    expect(cn.missingYears.every((y: number) => y === 2027)).toBe(true);
    // Institution calendars are not checked yet: a note says so rather than implying full coverage.
    expect(body.notes.join(' ')).toContain('institution calendars');
  });

  it('reports the last successful SLA sweep as the job runner recorded it', async () => {
    await rt.jobs.runOnce('sla-sweep');
    const body = (await get('/api/v1/admin/health', await loginHeaders(rt))).json();
    expect(body.lastSlaSweepAt).toBe('2026-06-01T02:00:00.000Z');
    expect(body.jobs.find((j: { jobId: string }) => j.jobId === 'sla-sweep').failuresInRow).toBe(0);
  });

  it('refuses the detail to staff who are not administrators', async () => {
    const auth = createAuthService({ database: rt.database, clock, sessionIdleMinutes: 60 });
    await auth.createUser({
      username: 'clerk',
      displayName: 'Clerk',
      password: 'clerk-password-1',
      role: 'handler',
    });
    const res = await get('/api/v1/admin/health', await loginHeaders(rt, 'clerk', 'clerk-password-1'));
    expect(res.statusCode).toBe(403);
  });
});
