import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../services/auth.service.ts';
import { createHealthService, type HealthService } from '../../services/health.service.ts';
import type { Database } from '../../store/database.ts';
import { staffWith } from '../auth-guard.ts';

export interface HealthRouteDeps {
  database: Database;
  auth: AuthService;
  version: string;
  health?: HealthService;
}

// Probes hit these every few seconds: their request lines would drown the log at info level.
const PROBE_LOG_LEVEL = 'warn';

export function healthRoutes(app: FastifyInstance, deps: HealthRouteDeps): void {
  const health =
    deps.health ??
    createHealthService({ database: deps.database, clock: () => new Date(), version: deps.version });

  /** Alive: the process answers and can reach its database. Restart the process when this fails. */
  app.get('/healthz', { schema: { hide: true }, logLevel: PROBE_LOG_LEVEL }, async (_request, reply) => {
    try {
      await deps.database.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', reason: 'database not reachable' });
    }
  });

  /** Ready: send traffic here. The body names failed checks but no detail (it is public). */
  app.get('/readyz', { schema: { hide: true }, logLevel: PROBE_LOG_LEVEL }, async (_request, reply) => {
    const readiness = await health.readiness();
    return reply
      .status(readiness.ready ? 200 : 503)
      .send({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks });
  });

  app.get(
    '/api/v1/admin/health',
    {
      schema: {
        tags: ['admin'],
        summary: 'Health detail: checks, calendar coverage, queue, jobs (admin.settings)',
      },
      preHandler: staffWith(deps.auth, 'admin.settings'),
    },
    async () => health.detail(),
  );
}
