import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { AuthService } from '../services/auth.service.ts';
import type { TicketService } from '../services/ticket.service.ts';
import type { Database } from '../store/database.ts';
import { installErrorHandler } from './error-handler.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { feedbackRoutes } from './routes/feedback.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { ticketRoutes } from './routes/tickets.routes.ts';

export type TypeBoxApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A request body larger than this is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppDeps {
  database: Database;
  tickets: TicketService;
  auth: AuthService;
  logger: FastifyBaseLogger | boolean;
  trustProxy?: boolean;
  version: string;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof deps.logger === 'boolean' ? { logger: deps.logger } : { loggerInstance: deps.logger }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: deps.trustProxy ?? false,
    // Request ids let an operator follow one request through the logs.
    requestIdHeader: 'x-request-id',
    ajv: {
      // Unknown fields are an error (additionalProperties: false), never silently dropped; a number sent
      // where text belongs is an error, not coerced. Query strings therefore declare strings and routes parse them.
      customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'CareLoop API',
        version: deps.version,
        description: 'Patient feedback and complaint handling.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'careloop_session' } },
      },
    },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, deps);
  feedbackRoutes(app, deps);
  authRoutes(app, { auth: deps.auth, secureCookies: false });
  ticketRoutes(app, deps);
  return app;
}
