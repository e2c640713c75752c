import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../../services/metrics.service.ts';

export interface MetricsAccess {
  /** When set, scrapers must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Without a token: answer only connections from this machine (default), or anyone. */
  loopbackOnly?: boolean | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A request relayed by a reverse proxy on this machine arrives from loopback too; the proxy's
 * X-Forwarded-For header gives it away, so such a request is not trusted as local.
 */
function isLocal(request: FastifyRequest): boolean {
  return LOOPBACK.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
}

export function metricsRoutes(app: FastifyInstance, deps: { metrics: Metrics; access: MetricsAccess }): void {
  const { metrics, access } = deps;

  app.addHook('onResponse', async (request, reply) => {
    metrics.observeHttp(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        statusCode: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (request, reply) => {
    const allowed = access.token
      ? bearerMatches(request, access.token)
      : access.loopbackOnly === false || isLocal(request);
    if (!allowed) {
      // Same answer as an unknown route: the endpoint's existence is nobody else's business.
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No route GET /metrics.' } });
    }
    const { contentType, body } = await metrics.render();
    return reply.header('content-type', contentType).send(body);
  });
}
