import type { FastifyInstance } from 'fastify';

/**
 * One log line per request, written when the response is sent, instead of Fastify's default pair of
 * lines: those carry the raw URL, and a URL can hold a tracking code (`/api/v1/track/{code}`) or a
 * phone suffix in the query. We log the route pattern instead, plus what an operator needs to follow a
 * request: its id (also returned in `x-request-id`), status, duration and the staff user, if any.
 */
/** Fastify's logger type hides pino's bindings(); the instance is a pino logger. */
const boundUserId = (log: unknown): unknown =>
  (log as { bindings?: () => Record<string, unknown> }).bindings?.().userId;

export function installRequestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      statusCode: status,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      // The guard's child logger may carry it already; a repeated key would appear twice in the line.
      ...(request.staff && boundUserId(request.log) === undefined ? { userId: request.staff.id } : {}),
    };
    if (status >= 500) request.log.error(line, 'request failed');
    else request.log.info(line, 'request completed');
  });
}
