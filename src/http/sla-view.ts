import { type DeadlineView, deadlineViews, isOverdue } from '../domain/sla/ticket-sla.ts';
import type { TicketRecord } from '../store/ticket.repository.ts';

/** SLA fields of a ticket list row (the web queue sorts and flags by them). */
export function slaListFields(t: TicketRecord, now: Date) {
  return {
    firstResponseDueAt: t.firstResponseDueAt?.toISOString() ?? null,
    resolutionDueAt: t.resolutionDueAt?.toISOString() ?? null,
    overdue: isOverdue(t, { firstResponse: t.firstResponseDueAt, resolution: t.resolutionDueAt }, now),
  };
}

/** Each deadline of a ticket with its reason and remaining time (empty for a ticket never timed). */
export function slaDeadlines(t: TicketRecord, now: Date): DeadlineView[] {
  if (t.sla === null) return [];
  return deadlineViews(
    {
      snapshot: t.sla,
      progress: t,
      pauses: t.slaPauses,
      breachedAt: { first_response: t.firstResponseBreachedAt, resolution: t.resolutionBreachedAt },
    },
    now,
  );
}
