import { nextStageAt, type SlaStageRef } from '../domain/sla/sla-stages.ts';
import { dueStages, settledTargets, snapshotDeadlines } from '../domain/sla/ticket-sla.ts';
import { SYSTEM, type TicketEventDraft } from '../domain/ticket/ticket.ts';
import { createOutboxRepository, type OutboxDraft } from '../store/outbox.repository.ts';
import {
  chunks,
  createSlaStageRepository,
  type DueTicket,
  type FiredStage,
  type SweptTicket,
} from '../store/sla-stage.repository.ts';
import { defineJob, type JobContext, type JobResult } from './job.ts';
import { noticeFor, recipientsFor } from './sla-notices.ts';

/** Tickets locked and processed per transaction. */
export const SLA_SWEEP_BATCH = 1_000;
/** Batches per run at most; a larger backlog continues at the next run. */
const MAX_BATCHES_PER_RUN = 20;
const SWEEP_INTERVAL_MS = 30_000;

/**
 * Fires the SLA stages that have come due: warning (owner), breach (department head; the ticket is
 * marked overdue), escalation (quality manager). Each is an internal timeline event carrying the
 * stage's true instant — after downtime the sweep fires late but says when the stage really came —
 * plus a message in the notification outbox. Exactly once per ticket, target and stage: the fired
 * stage's row is unique (sla_fired_stages), and the ticket row stays locked while it is handled.
 */
export const slaSweepJob = defineJob({
  id: 'sla-sweep',
  intervalMs: SWEEP_INTERVAL_MS,
  description: 'Fire due SLA warnings, breaches and escalations',
  handler: async (ctx) => {
    const total: JobResult = { tickets: 0, fired: 0, notifications: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const done = await sweepBatch(ctx);
      total.tickets! += done.tickets;
      total.fired! += done.fired;
      total.notifications! += done.notifications;
      if (done.tickets < SLA_SWEEP_BATCH) break;
    }
    return total;
  },
});

async function sweepBatch(
  ctx: JobContext,
): Promise<{ tickets: number; fired: number; notifications: number }> {
  const { now, database, config } = ctx;
  const repo = createSlaStageRepository(database.db);
  const outbox = createOutboxRepository(database.db);
  return database.db.transaction(async (tx) => {
    const due = await repo.claimDue(now, SLA_SWEEP_BATCH, tx);
    if (due.length === 0) return { tickets: 0, fired: 0, notifications: 0 };
    const previously = groupByTicket(
      await repo.firedForTickets(
        due.map((t) => t.id),
        tx,
      ),
    );

    const planned: FiredStage[] = [];
    const nextAt = new Map<number, Date | null>();
    for (const ticket of due) {
      if (ticket.sla === null) {
        nextAt.set(ticket.id, null);
        continue;
      }
      const deadlines = snapshotDeadlines(ticket.sla);
      const settled = settledTargets(ticket);
      const fired = previously.get(ticket.id) ?? [];
      const firing = dueStages(deadlines, fired, settled, now);
      for (const s of firing)
        planned.push({ ticketId: ticket.id, target: s.target, stage: s.stage, dueAt: s.at });
      nextAt.set(ticket.id, nextStageAt(deadlines, [...fired, ...firing], settled));
    }

    const fired = await repo.recordFired(planned, now, tx);
    const ticketsById = new Map(due.map((t) => [t.id, t]));
    const staff = await repo.contacts(
      unique(due.flatMap((t) => [t.ownerId ?? t.assigneeId].filter((id): id is number => id !== null))),
      unique(due.map((t) => t.departmentId).filter((id): id is number => id !== null)),
      tx,
    );

    const events: (TicketEventDraft & { ticketId: number; seq: number })[] = [];
    const notices: OutboxDraft[] = [];
    const swept = new Map<number, SweptTicket>(
      due.map((t) => [
        t.id,
        {
          id: t.id,
          nextAt: nextAt.get(t.id) ?? null,
          lastEventSeq: t.lastEventSeq,
          firstResponseBreachedAt: null,
          resolutionBreachedAt: null,
        },
      ]),
    );
    for (const stage of fired) {
      const ticket = ticketsById.get(stage.ticketId)!;
      const row = swept.get(stage.ticketId)!;
      const deadline = targetDeadline(ticket, stage);
      const to = recipientsFor(stage.stage, ticket, staff);
      notices.push(...to.map((person) => noticeFor(stage, ticket, person, deadline, config.timeZone)));
      row.lastEventSeq += 1;
      events.push({
        ticketId: ticket.id,
        seq: row.lastEventSeq,
        type: `sla_${stage.stage}`,
        actor: SYSTEM,
        at: now,
        visibility: 'internal',
        payload: {
          target: stage.target,
          stage: stage.stage,
          // The true instant of the stage; `at` above is when it was recorded (later after downtime).
          stageAt: stage.dueAt.toISOString(),
          dueAt: deadline?.toISOString() ?? null,
          notified: to.map((person) => person.userId),
        },
      });
      if (stage.stage === 'breach') {
        if (stage.target === 'first_response') row.firstResponseBreachedAt = stage.dueAt;
        else row.resolutionBreachedAt = stage.dueAt;
      }
    }
    await repo.appendEvents(events, tx);
    // Through the outbox's own repository: it encrypts recipients when a key is configured.
    for (const part of chunks(notices)) await outbox.enqueue(part, now, tx);
    await repo.finishSwept([...swept.values()], tx);
    return { tickets: due.length, fired: fired.length, notifications: notices.length };
  });
}

function targetDeadline(ticket: DueTicket, stage: SlaStageRef): Date | null {
  const snapshot = ticket.sla!;
  const iso = stage.target === 'first_response' ? snapshot.firstResponse.dueAt : snapshot.resolution.dueAt;
  return iso === null ? null : new Date(iso);
}

function groupByTicket(stages: FiredStage[]): Map<number, SlaStageRef[]> {
  const map = new Map<number, SlaStageRef[]>();
  for (const s of stages)
    map.set(s.ticketId, [...(map.get(s.ticketId) ?? []), { target: s.target, stage: s.stage }]);
  return map;
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}
