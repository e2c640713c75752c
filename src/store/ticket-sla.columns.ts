import type { SlaSnapshot, StoredPause, TicketSlaFields } from '../domain/sla/ticket-sla.ts';
import type { tickets } from './schema.ts';

/** The SLA fields of a ticket row (jsonb columns typed as the SLA service writes them). */
export function slaFieldsOf(row: typeof tickets.$inferSelect): TicketSlaFields {
  return {
    slaPolicyId: row.slaPolicyId,
    slaPolicyVersion: row.slaPolicyVersion,
    slaCalendarId: row.slaCalendarId,
    sla: (row.sla ?? null) as SlaSnapshot | null,
    slaPauses: (row.slaPauses ?? []) as StoredPause[],
    firstResponseDueAt: row.firstResponseDueAt,
    resolutionDueAt: row.resolutionDueAt,
    slaNextAt: row.slaNextAt,
    firstResponseBreachedAt: row.firstResponseBreachedAt,
    resolutionBreachedAt: row.resolutionBreachedAt,
  };
}
