import type { FastifyInstance } from 'fastify';
import type { Database } from '../../store/database.ts';

export function healthRoutes(app: FastifyInstance, deps: { database: Database }): void {
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.database.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', reason: 'database not reachable' });
    }
  });
}
