import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { missingYears } from '../domain/calendar/calendar.ts';
import { DEFAULT_CALENDAR_ID, SEED_CALENDARS } from '../domain/calendar/seed-calendars.ts';
import { computeDeadlines } from '../domain/sla/compute-deadlines.ts';
import { DEFAULT_SLA_POLICY } from '../domain/sla/sla-policy.ts';
import type { Database } from '../store/database.ts';
import {
  createOpsRepository,
  type JobRunSummary,
  type OutboxStateCount,
  type StatusCount,
} from '../store/ops.repository.ts';
import type { Clock, TicketService } from './ticket.service.ts';

/**
 * Prometheus metrics of one server process. Counters and histograms are per process (sum them across
 * servers); the ticket, queue and job gauges are read from the database at scrape time, so every server
 * reports the same values (use max, not sum, across servers).
 */

/** Scrapes from several Prometheus servers (or a fast scrape interval) share one set of queries. */
const SNAPSHOT_TTL_MS = 5_000;
const HTTP_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Snapshot {
  openByStatus: StatusCount[];
  firstResponseOverdueByLevel: Map<number, number>;
  outbox: OutboxStateCount[] | null;
  jobs: JobRunSummary[] | null;
  takenAt: Date;
}

export interface MetricsDeps {
  database: Database;
  clock: Clock;
  version: string;
  /** Node's process and event-loop metrics; off in tests that build several registries. */
  processMetrics?: boolean;
}

export function createMetrics(deps: MetricsDeps) {
  const { database, clock } = deps;
  const ops = createOpsRepository(database);
  const registry = new Registry();
  if (deps.processMetrics !== false) collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'careloop_build_info',
    help: 'Always 1; labels say which version and database backend run.',
    labelNames: ['version', 'backend'],
    registers: [registry],
  }).set({ version: deps.version, backend: database.backend }, 1);

  const httpDuration = new Histogram({
    name: 'careloop_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern; its _count gives the request rate.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: HTTP_BUCKETS_SECONDS,
    registers: [registry],
  });

  const ticketsReceived = new Counter({
    name: 'careloop_tickets_received_total',
    help: 'Tickets received by this process, by channel and triage level ("none" before triage).',
    labelNames: ['channel', 'level'],
    registers: [registry],
  });

  let cached: { at: number; snapshot: Promise<Snapshot> } | null = null;
  async function takeSnapshot(): Promise<Snapshot> {
    const now = clock();
    const [openByStatus, unanswered, outbox, jobs] = await Promise.all([
      ops.openTicketsByStatus(),
      ops.unansweredOpenTickets(),
      ops.outboxByState(),
      ops.jobRuns(),
    ]);
    const calendar = SEED_CALENDARS.find((c) => c.id === DEFAULT_CALENDAR_ID)!;
    const firstResponseOverdueByLevel = new Map<number, number>();
    for (const t of unanswered) {
      // Until SLA due instants are stored with each ticket, the deadline is recomputed with the
      // default policy and calendar (pauses cannot apply before a first response).
      let due: Date | null = null;
      try {
        due = computeDeadlines({
          policy: DEFAULT_SLA_POLICY,
          calendar,
          level: t.level,
          receivedAt: t.receivedAt,
          vip: t.vip,
        }).firstResponse.dueAt;
      } catch {
        // A level the policy does not know has no deadline to be overdue on.
      }
      if (due !== null && due.getTime() < now.getTime()) {
        firstResponseOverdueByLevel.set(t.level, (firstResponseOverdueByLevel.get(t.level) ?? 0) + 1);
      }
    }
    return { openByStatus, firstResponseOverdueByLevel, outbox, jobs, takenAt: now };
  }
  function snapshot(): Promise<Snapshot> {
    const nowMs = clock().getTime();
    if (!cached || nowMs - cached.at > SNAPSHOT_TTL_MS) {
      const pending = takeSnapshot();
      cached = { at: nowMs, snapshot: pending };
      // A failed snapshot must not be served from the cache for the next scrapes.
      pending.catch(() => {
        if (cached?.snapshot === pending) cached = null;
      });
    }
    return cached.snapshot;
  }

  new Gauge({
    name: 'careloop_tickets_open',
    help: 'Tickets not closed, by status.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const s = await snapshot();
      this.reset();
      for (const row of s.openByStatus) this.set({ status: row.status }, row.count);
    },
  });

  new Gauge({
    name: 'careloop_tickets_first_response_overdue',
    help: 'Open tickets without a first response whose first-response deadline has passed, by level.',
    labelNames: ['level'],
    registers: [registry],
    async collect() {
      const s = await snapshot();
      this.reset();
      // Level 1 always has a sample, so "no overdue level-1 ticket" is 0 rather than absent.
      this.set({ level: '1' }, 0);
      for (const [level, count] of s.firstResponseOverdueByLevel) this.set({ level: String(level) }, count);
    },
  });

  new Gauge({
    name: 'careloop_outbox_messages',
    help: 'Notification outbox messages by state (pending = waiting to be delivered).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const s = await snapshot();
      this.reset();
      for (const row of s.outbox ?? []) this.set({ state: row.state }, row.count);
    },
  });

  new Gauge({
    name: 'careloop_outbox_retrying',
    help: 'Pending messages whose delivery already failed at least once.',
    registers: [registry],
    async collect() {
      const s = await snapshot();
      this.set(s.outbox?.find((o) => o.state === 'pending')?.retrying ?? 0);
    },
  });

  new Gauge({
    name: 'careloop_outbox_oldest_pending_age_seconds',
    help: 'How long the oldest pending message has been due; grows when delivery is stuck.',
    registers: [registry],
    async collect() {
      const s = await snapshot();
      const oldest = s.outbox?.find((o) => o.state === 'pending')?.oldestNextAttemptAt;
      this.set(oldest ? Math.max(0, (s.takenAt.getTime() - oldest.getTime()) / 1000) : 0);
    },
  });

  new Gauge({
    name: 'careloop_job_last_success_timestamp_seconds',
    help: 'When each periodic job last succeeded (Unix seconds).',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      const s = await snapshot();
      this.reset();
      for (const j of s.jobs ?? []) {
        if (j.lastSuccessAt) this.set({ job: j.jobId }, j.lastSuccessAt.getTime() / 1000);
      }
    },
  });

  new Gauge({
    name: 'careloop_job_failures_in_row',
    help: 'Consecutive failed runs of each periodic job (0 when healthy).',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      const s = await snapshot();
      this.reset();
      for (const j of s.jobs ?? []) this.set({ job: j.jobId }, j.failuresInRow);
    },
  });

  new Gauge({
    name: 'careloop_calendar_year_missing',
    help: '1 when a shipped calendar has no holiday data for this year or the next.',
    // `which` lets alert rules tell this year (urgent) from next year (due by the autumn) without date math.
    labelNames: ['calendar', 'year', 'which'],
    registers: [registry],
    collect() {
      this.reset();
      const year = clock().getUTCFullYear();
      for (const c of SEED_CALENDARS) {
        const missing = new Set(missingYears(c, year, year + 1));
        for (const [y, which] of [
          [year, 'current'],
          [year + 1, 'next'],
        ] as const) {
          this.set({ calendar: c.id, year: String(y), which }, missing.has(y) ? 1 : 0);
        }
      }
    },
  });

  if (database.poolStats) {
    const poolStats = database.poolStats;
    new Gauge({
      name: 'careloop_db_pool_connections',
      help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const p = poolStats();
        this.set({ state: 'total' }, p.total);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
  }

  return {
    registry,
    observeHttp(labels: { method: string; route: string; statusCode: number }, seconds: number): void {
      httpDuration.observe(
        { method: labels.method, route: labels.route, status_code: String(labels.statusCode) },
        seconds,
      );
    },

    /**
     * Counts each ticket intake succeeds at. Wraps the service rather than living in it, so intake has
     * no metrics dependency; the channel and level are those stored (triage and routing may set the
     * level during intake).
     */
    countIntake(tickets: TicketService): TicketService {
      return {
        ...tickets,
        async submitFeedback(...args: Parameters<TicketService['submitFeedback']>) {
          const result = await tickets.submitFeedback(...args);
          ticketsReceived.inc({
            channel: result.channel,
            level: result.level === null ? 'none' : String(result.level),
          });
          return result;
        },
      };
    },

    async render(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
