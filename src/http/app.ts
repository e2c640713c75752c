import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { defaultSecurityConfig, type SecurityConfig } from '../security/security-config.ts';
import { createAuditTrail } from '../services/access.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { CalendarService } from '../services/calendar.service.ts';
import { createDepartmentAdminService } from '../services/department-admin.service.ts';
import type { HealthService } from '../services/health.service.ts';
import type { Metrics } from '../services/metrics.service.ts';
import type { PrivacyService } from '../services/privacy.service.ts';
import { createSlaPolicyService } from '../services/sla-policy.service.ts';
import type { Clock, TicketService } from '../services/ticket.service.ts';
import type { TicketEventsBus } from '../services/ticket-events-bus.ts';
import type { WorkflowServices } from '../services/workflow-setup.ts';
import type { AuditRepository } from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import { installErrorHandler } from './error-handler.ts';
import { installRequestLogging } from './request-logging.ts';
import { accessRoutes } from './routes/access.routes.ts';
import { attachmentRoutes } from './routes/attachments.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { backupRoutes } from './routes/backup.routes.ts';
import { calendarRoutes } from './routes/calendars.routes.ts';
import { dashboardRoutes } from './routes/dashboard.routes.ts';
import { feedbackRoutes } from './routes/feedback.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { intakeRoutes } from './routes/intake.routes.ts';
import { type MetricsAccess, metricsRoutes } from './routes/metrics.routes.ts';
import { privacyRoutes } from './routes/privacy.routes.ts';
import { slaPolicyRoutes } from './routes/sla-policy.routes.ts';
import { streamRoutes } from './routes/stream.routes.ts';
import { ticketRoutes } from './routes/tickets.routes.ts';
import { webRoutes } from './routes/web.routes.ts';
import { workflowRoutes } from './routes/workflow.routes.ts';
import { installRateLimits, installSecurityHeaders } from './security.ts';

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
  /** Rate limits of the public endpoints (and the rest of issue 6's settings); defaults when absent. */
  security?: SecurityConfig;
  /** Reveal, conflict of interest, data-subject requests (routes exist only when given). */
  privacy?: PrivacyService;
  /** The audit log for auditors (routes exist only when given). */
  auditLog?: AuditRepository;
  database: Database;
  tickets: TicketService;
  auth: AuthService;
  /** Intake channels, assignment, tasks, attachments, notifications (issue 5). */
  workflow?: WorkflowServices;
  /** Working calendars (admin API); optional so apps built without SLA still start. */
  calendars?: CalendarService;
  logger: FastifyBaseLogger | boolean;
  trustProxy?: boolean;
  version: string;
  /** Ticket created/changed notifications for the live staff console. */
  events: TicketEventsBus;
  clock: Clock;
  /** The institution's IANA time zone. */
  timeZone: string;
  /** The built web app; defaults to web/dist in the CareLoop folder. */
  webRoot?: string;
  /** Prometheus metrics; /metrics exists only when given. */
  metrics?: Metrics;
  metricsAccess?: MetricsAccess;
  health?: HealthService;
  /** Enables POST /api/v1/admin/backup (the running server's own backup). */
  backup?: { attachmentsDir: string | undefined };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof deps.logger === 'boolean' ? { logger: deps.logger } : { loggerInstance: deps.logger }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: deps.trustProxy ?? false,
    // Request ids let an operator follow one request through the logs.
    requestIdHeader: 'x-request-id',
    // Fastify's own request lines carry the raw URL (tracking codes); request-logging.ts writes ours.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: {
      // Unknown fields are an error (additionalProperties: false), never silently dropped; a number sent
      // where text belongs is an error, not coerced. Query strings therefore declare strings and routes parse them.
      customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app);
  installRequestLogging(app);
  if (deps.metrics) metricsRoutes(app, { metrics: deps.metrics, access: deps.metricsAccess ?? {} });
  await app.register(cookie);
  await installSecurityHeaders(app);
  await installRateLimits(app, (deps.security ?? defaultSecurityConfig()).rateLimits);
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
  backupRoutes(app, deps);
  feedbackRoutes(app, deps);
  authRoutes(app, { auth: deps.auth, secureCookies: false });
  ticketRoutes(app, deps);
  accessRoutes(app, deps);
  if (deps.auditLog) auditRoutes(app, { auth: deps.auth, auditLog: deps.auditLog });
  if (deps.privacy) privacyRoutes(app, { ...deps, privacy: deps.privacy });
  if (deps.workflow) {
    const workflowDeps = { workflow: deps.workflow, auth: deps.auth, tickets: deps.tickets };
    await intakeRoutes(app, workflowDeps);
    const audit = deps.auditLog ? { audit: createAuditTrail(deps.auditLog, deps.clock) } : {};
    const departments = createDepartmentAdminService({
      database: deps.database,
      clock: deps.clock,
      ...audit,
    });
    workflowRoutes(app, { ...workflowDeps, departments });
    await attachmentRoutes(app, workflowDeps);
  }
  const slaAudit = deps.auditLog ? { audit: createAuditTrail(deps.auditLog, deps.clock) } : {};
  if (deps.calendars) calendarRoutes(app, { ...deps, ...slaAudit, calendars: deps.calendars });
  slaPolicyRoutes(app, {
    ...deps,
    slaPolicies: createSlaPolicyService({ database: deps.database, ...slaAudit }),
  });
  dashboardRoutes(app, deps);
  streamRoutes(app, deps);
  // Last: its catch-all serves the web app for every path no API route claims.
  await webRoutes(app, deps);
  return app;
}
