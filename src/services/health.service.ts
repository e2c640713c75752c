import { missingYears } from '../domain/calendar/calendar.ts';
import { SEED_CALENDARS } from '../domain/calendar/seed-calendars.ts';
import type { Database } from '../store/database.ts';
import { type Migration, migrationStatus, readMigrations } from '../store/migrate.ts';
import { createOpsRepository, type OpsRepository } from '../store/ops.repository.ts';
import type { Clock } from './ticket.service.ts';

/**
 * Readiness (may this server take traffic?) and the admin health page (what needs attention soon?).
 * Readiness stays strict and small — database, schema, jobs — because load balancers act on it; the
 * admin detail adds what an operator should fix before patients notice: calendars running out, queues
 * growing, sweeps not running.
 */

export type CheckState = 'ok' | 'failed' | 'not_installed';

export interface Readiness {
  ready: boolean;
  checks: {
    database: CheckState;
    migrations: CheckState;
    jobs: CheckState;
  };
  /** Why a check failed, for the admin page (never shown on the public /readyz body). */
  problems: string[];
}

export interface HealthDeps {
  database: Database;
  clock: Clock;
  version: string;
  /** Whether a job runner runs in this process; undefined when this version has none. */
  jobsRunning?: () => boolean;
  migrations?: Migration[];
}

export function createHealthService(deps: HealthDeps) {
  const ops: OpsRepository = createOpsRepository(deps.database);
  // Read once: the migration files do not change under a running server.
  const migrations = deps.migrations ?? readMigrations();
  const startedAt = deps.clock();

  async function readiness(): Promise<Readiness> {
    const problems: string[] = [];
    const checks: Readiness['checks'] = { database: 'ok', migrations: 'ok', jobs: 'not_installed' };
    try {
      await ops.ping();
    } catch (err) {
      checks.database = 'failed';
      checks.migrations = 'failed';
      problems.push(`database not reachable: ${(err as Error).message}`);
    }
    if (checks.database === 'ok') {
      try {
        const status = await migrationStatus(deps.database, migrations);
        if (status.pending.length > 0 || status.unknown.length > 0) {
          checks.migrations = 'failed';
          if (status.pending.length) problems.push(`pending migrations: ${status.pending.join(', ')}`);
          if (status.unknown.length)
            problems.push(`database is newer than this code: ${status.unknown.join(', ')}`);
        }
      } catch (err) {
        checks.migrations = 'failed';
        problems.push(`migration status unavailable: ${(err as Error).message}`);
      }
    }
    if (deps.jobsRunning) {
      checks.jobs = deps.jobsRunning() ? 'ok' : 'failed';
      if (checks.jobs === 'failed') problems.push('the job runner is not running');
    }
    return {
      ready: Object.values(checks).every((c) => c !== 'failed'),
      checks,
      problems,
    };
  }

  return {
    readiness,

    async detail() {
      const now = deps.clock();
      const ready = await readiness();
      const year = now.getUTCFullYear();
      // This year and next: next year's holidays are published in the autumn; an alert then leaves
      // time to load them before deadlines run into unknown days.
      const calendars = SEED_CALENDARS.map((c) => ({
        id: c.id,
        missingYears: missingYears(c, year, year + 1),
      }));
      const [outbox, jobs] =
        ready.checks.database === 'ok'
          ? await Promise.all([ops.outboxByState(), ops.jobRuns()])
          : [null, null];
      const slaJob = jobs?.find((j) => j.jobId.startsWith('sla')) ?? null;
      const notes: string[] = [
        'Calendars: the calendars shipped with CareLoop; institution calendars stored in the database are not checked yet.',
      ];
      if (jobs === null)
        notes.push('Jobs: this version has no job bookkeeping table; lastSlaSweepAt is unknown.');
      else if (slaJob === null) notes.push('Jobs: no SLA sweep has been recorded yet.');
      if (outbox === null) notes.push('Queue: this version has no notification outbox.');
      return {
        status: ready.ready ? 'ready' : 'not_ready',
        version: deps.version,
        backend: deps.database.backend,
        startedAt: startedAt.toISOString(),
        checks: ready.checks,
        problems: ready.problems,
        calendars,
        queue:
          outbox === null
            ? null
            : {
                pending: outbox.find((o) => o.state === 'pending')?.count ?? 0,
                retrying: outbox.find((o) => o.state === 'pending')?.retrying ?? 0,
                byState: Object.fromEntries(outbox.map((o) => [o.state, o.count])),
              },
        jobs:
          jobs === null
            ? null
            : jobs.map((j) => ({
                jobId: j.jobId,
                lastSuccessAt: j.lastSuccessAt?.toISOString() ?? null,
                failuresInRow: j.failuresInRow,
              })),
        lastSlaSweepAt: slaJob?.lastSuccessAt?.toISOString() ?? null,
        notes,
      };
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
