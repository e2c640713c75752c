import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { triage } from './domain/triage/triage-model.loader.ts';
import { buildApp } from './http/app.ts';
import { DATA_DIR_MIN_FREE_MB_DEFAULT, installDataDirGuard } from './http/data-dir-guard.ts';
import { createJobRunner, type JobRunner } from './jobs/job-runner.ts';
import { JOBS } from './jobs/registry.ts';
import { createLogger } from './logger.ts';
import { startSecurity } from './security/security-setup.ts';
import { createAuthService } from './services/auth.service.ts';
import { attachmentsDirOf } from './services/backup.service.ts';
import { createHealthService } from './services/health.service.ts';
import { createLiveEvents } from './services/live-events.ts';
import { createMetrics } from './services/metrics.service.ts';
import { startSla } from './services/sla-setup.ts';
import { type Clock, createTicketService } from './services/ticket.service.ts';
import { createTicketEventsBus } from './services/ticket-events-bus.ts';
import { workflowHooks, workflowServices } from './services/workflow-setup.ts';
import { type Database, openDatabase } from './store/database.ts';
import { migrate } from './store/migrate.ts';
import { VERSION } from './version.ts';

/**
 * Wires the running product: database (migrated), services, HTTP app. Used by `careloop serve` and by
 * the API tests, so tests exercise exactly what runs in production.
 */
export interface Runtime {
  app: FastifyInstance;
  database: Database;
  logger: Logger;
  /** The periodic jobs (src/jobs/registry.ts); tests call `jobs.runOnce(id, now)`. */
  jobs: JobRunner;
  close(): Promise<void>;
}

// Re-exported: tests and commands import it from here.
export { createLogger };

export interface StartOptions {
  config: Config;
  logger?: Logger;
  clock?: Clock;
  /** Open an existing database handle instead of the one config names (tests). */
  database?: Database;
  /** Called once with the generated admin password on a first start (printed by the CLI). */
  onAdminPassword?: (password: string) => void;
}

export async function createRuntime(options: StartOptions): Promise<Runtime> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const clock = options.clock ?? (() => new Date());
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  try {
    // First-start steps under one lock: servers starting together on an empty database take turns.
    const { security, auth, calendars, sla } = await database.withSetupLock(async () => {
      const applied = await migrate(database);
      if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
      // Keys and the field cipher before anything reads or writes a ticket; audit guards; preset roles.
      const security = await startSecurity(database, config, logger, clock);
      const auth = createAuthService({
        database,
        clock,
        sessionIdleMinutes: config.sessionIdleMinutes,
        loginLimits: security.config.login,
        audit: security.audit,
      });
      const bootstrap = await auth.bootstrapAdmin(config.adminPassword);
      if (bootstrap.created) {
        logger.info('first admin account "admin" created');
        if (bootstrap.generatedPassword) options.onAdminPassword?.(bootstrap.generatedPassword);
      }
      return { security, auth, ...(await startSla(database, logger, clock())) };
    });
    const events = createTicketEventsBus((err) => logger.warn({ err }, 'live event listener failed'));
    // Cluster-wide live events: other servers' changes reach this bus (PostgreSQL LISTEN/NOTIFY).
    const live = createLiveEvents({ database, databaseUrl: config.databaseUrl, bus: events, logger });
    const metrics = createMetrics({ database, clock, version: VERSION });
    const tickets = metrics.countIntake(
      createTicketService({
        audit: security.audit,
        database,
        clock,
        timeZone: config.timeZone,
        sla,
        events,
        live,
        ...workflowHooks({ database, config, triage: config.triageAtIntake ? triage : undefined }),
      }),
    );
    const workflow = workflowServices({ database, config, logger, clock, tickets, events, live });
    // Readiness reports the job runner started below; a closure, since the runner needs the app first.
    let jobsRunning = false;
    const health = createHealthService({ database, clock, version: VERSION, jobsRunning: () => jobsRunning });
    const app = await buildApp({
      security: security.config,
      privacy: security.privacy,
      auditLog: security.auditLog,
      database,
      tickets,
      auth,
      workflow,
      calendars,
      logger,
      trustProxy: config.trustProxy,
      version: VERSION,
      events,
      clock,
      timeZone: config.timeZone,
      metrics,
      metricsAccess: { token: config.metricsToken, loopbackOnly: config.metricsLoopbackOnly },
      backup: { attachmentsDir: attachmentsDirOf(config) },
      health,
    });
    if (database.backend === 'pglite' && !config.dataDir.startsWith('memory://')) {
      installDataDirGuard(app, {
        dataDir: config.dataDir,
        minFreeMb: config.dataDirMinFreeMb ?? DATA_DIR_MIN_FREE_MB_DEFAULT,
        logger,
      });
    }
    await app.ready();
    // Listening before serving: nothing another server publishes after our first request is missed.
    await live.start();
    const jobs = createJobRunner({ jobs: JOBS, database, logger, config, clock });
    jobs.start();
    jobsRunning = true;
    let closed = false;
    return {
      app,
      database,
      logger,
      jobs,
      async close() {
        if (closed) return;
        closed = true;
        jobsRunning = false;
        await jobs.stop();
        await live.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    if (!options.database) await database.close();
    throw err;
  }
}
