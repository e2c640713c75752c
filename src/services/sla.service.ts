import { AppError } from '../domain/app-error.ts';
import { computeDeadlines } from '../domain/sla/compute-deadlines.ts';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../domain/sla/sla-policy.ts';
import { nextStageAt } from '../domain/sla/sla-stages.ts';
import {
  nextPauses,
  PROVISIONAL_LEVEL,
  type SlaProgress,
  type SlaSnapshot,
  type StoredPause,
  settledTargets,
  snapshotDeadlines,
  toSlaPauses,
  toSnapshot,
} from '../domain/sla/ticket-sla.ts';
import type { Status } from '../domain/ticket/ticket.ts';
import type { Database, Db } from '../store/database.ts';
import { createSlaPolicyRepository } from '../store/sla-policy.repository.ts';
import { createSlaStageRepository } from '../store/sla-stage.repository.ts';
import type { CalendarService } from './calendar.service.ts';

/** DEFAULT_SLA_POLICY v1 applies to every ticket, however old, until an institution adds a version. */
const DEFAULT_POLICY_ACTIVE_FROM = new Date('1970-01-01T00:00:00Z');

/** What the SLA step reads of a ticket (a stored one, or one being created: no id yet). */
export interface SlaTicket extends SlaProgress {
  id?: number;
  receivedAt: Date;
  level: number | null;
  vip: boolean;
  complex: boolean;
  multiDepartment: boolean;
  departmentId: number | null;
  slaPolicyId: string | null;
  slaPolicyVersion: number | null;
  slaPauses: StoredPause[];
}

/** The ticket columns the SLA step writes. */
export interface SlaColumns {
  slaPolicyId: string;
  slaPolicyVersion: number;
  slaCalendarId: string;
  sla: SlaSnapshot;
  slaPauses: StoredPause[];
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaNextAt: Date | null;
}

/**
 * Times tickets: runs inside the transaction of every intake and ticket change (ticket.service.ts),
 * recomputing the deadlines from receivedAt with the ticket's recorded policy version, its
 * department's calendar and its pauses, and storing the next stage for the sweep (sla-sweep.job.ts).
 * Recomputing on every change is cheap (a few µs) and makes re-triage, pause and resume one code path.
 */
export function createSlaService(deps: { database: Database; calendars: CalendarService }) {
  const policies = createSlaPolicyRepository(deps.database.db);
  const stages = createSlaStageRepository(deps.database.db);
  // Policy versions never change once stored; one object each keeps validation cached (sla-policy.ts).
  const policyCache = new Map<string, SlaPolicy>();

  async function policyFor(ticket: SlaTicket, tx: Db): Promise<SlaPolicy> {
    const recorded = ticket.slaPolicyId !== null && ticket.slaPolicyVersion !== null;
    const key = recorded ? `${ticket.slaPolicyId}@${ticket.slaPolicyVersion}` : null;
    const hit = key === null ? undefined : policyCache.get(key);
    if (hit) return hit;
    const policy = recorded
      ? await policies.find(ticket.slaPolicyId!, ticket.slaPolicyVersion!, tx)
      : await policies.activeAtCached(ticket.receivedAt, tx);
    if (!policy)
      throw new AppError('SLA_POLICY_NOT_FOUND', 'No SLA policy is stored; restart to seed the default.');
    const cacheKey = `${policy.id}@${policy.version}`;
    const shared = policyCache.get(cacheKey) ?? policy;
    policyCache.set(cacheKey, shared);
    return shared;
  }

  return {
    /** Stores DEFAULT_SLA_POLICY v1 on a first start (idempotent). */
    seed: (now: Date) => policies.seed(DEFAULT_SLA_POLICY, DEFAULT_POLICY_ACTIVE_FROM, now),

    /**
     * The SLA columns of `ticket` after a change from `before` (null at intake). Opens or closes a
     * pause on status changes, recomputes every deadline, and finds the next stage still to fire.
     */
    async apply(ticket: SlaTicket, before: Status | null, now: Date, tx: Db): Promise<SlaColumns> {
      const policy = await policyFor(ticket, tx);
      const calendar = await deps.calendars.forDepartment(ticket.departmentId, tx);
      const pauses = nextPauses(ticket.slaPauses, before, ticket.status, now);
      const provisional = ticket.level === null;
      const deadlines = computeDeadlines({
        policy,
        calendar,
        level: ticket.level ?? PROVISIONAL_LEVEL,
        receivedAt: ticket.receivedAt,
        vip: ticket.vip,
        flags: { complex: ticket.complex, multiDepartment: ticket.multiDepartment },
        pauses: toSlaPauses(pauses),
      });
      const snapshot = toSnapshot(deadlines, provisional);
      const fired = ticket.id === undefined ? [] : await stages.firedFor(ticket.id, tx);
      return {
        slaPolicyId: policy.id,
        slaPolicyVersion: policy.version,
        slaCalendarId: calendar.id,
        sla: snapshot,
        slaPauses: pauses,
        firstResponseDueAt: deadlines.firstResponse.dueAt,
        resolutionDueAt: deadlines.resolution.dueAt,
        slaNextAt: nextStageAt(snapshotDeadlines(snapshot), fired, settledTargets(ticket)),
      };
    },
  };
}

export type SlaService = ReturnType<typeof createSlaService>;

/** The SLA view of a ticket being created: its receipt and whatever intake set (routing, triage, channel). */
export function slaTicketAtIntake(
  receivedAt: Date,
  columns: Partial<
    Pick<SlaTicket, 'level' | 'vip' | 'departmentId' | 'status' | 'firstResponseAt' | 'closedAt' | 'closure'>
  >,
): SlaTicket {
  return {
    receivedAt,
    level: columns.level ?? null,
    vip: columns.vip ?? false,
    complex: false,
    multiDepartment: false,
    departmentId: columns.departmentId ?? null,
    status: columns.status ?? 'new',
    firstResponseAt: columns.firstResponseAt ?? null,
    closedAt: columns.closedAt ?? null,
    closure: columns.closure ?? null,
    slaPolicyId: null,
    slaPolicyVersion: null,
    slaPauses: [],
  };
}
