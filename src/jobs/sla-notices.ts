import type { SlaStageName, SlaTargetName } from '../domain/sla/sla-stages.ts';
import type { OutboxDraft } from '../store/outbox.repository.ts';
import type { DueTicket, FiredStage, StaffContact } from '../store/sla-stage.repository.ts';
import { FALLBACK_ROLES, QUALITY_ROLES } from '../store/sla-stage.repository.ts';

/**
 * Who hears about an SLA stage, and what they read. sla.md: the owner is warned at 80 %, the
 * department head is told of a breach, the quality / patient-relations manager of an escalation.
 * When nobody holds that role (no owner yet, no head configured), the notice goes one step up the
 * chain rather than nowhere: quality managers, then admins — a stage must always reach a person.
 */
export function recipientsFor(
  stage: SlaStageName,
  ticket: DueTicket,
  staff: readonly StaffContact[],
): StaffContact[] {
  const byRole = (roles: string[]) => staff.filter((s) => roles.includes(s.role));
  const heads = staff.filter(
    (s) =>
      ticket.departmentId !== null &&
      s.departmentId === ticket.departmentId &&
      (s.departmentHead || s.role === 'department_head'),
  );
  const owner = staff.filter((s) => s.userId === (ticket.ownerId ?? ticket.assigneeId));
  const chain =
    stage === 'warning'
      ? [owner, heads, byRole(QUALITY_ROLES), byRole(FALLBACK_ROLES)]
      : stage === 'breach'
        ? [heads, byRole(QUALITY_ROLES), byRole(FALLBACK_ROLES)]
        : [byRole(QUALITY_ROLES), byRole(FALLBACK_ROLES)];
  return chain.find((group) => group.length > 0) ?? [];
}

const TARGET_TEXT: Record<SlaTargetName, { zh: string; en: string }> = {
  first_response: { zh: '首次响应', en: 'first response' },
  resolution: { zh: '处理完结', en: 'resolution' },
};

const STAGE_TEXT: Record<SlaStageName, { zh: string; en: string }> = {
  warning: { zh: '即将超时（已用 80%）', en: 'is 80 % through its time' },
  breach: { zh: '已超时', en: 'is overdue' },
  escalation: { zh: '超时未处理，已升级', en: 'is still open long after its deadline: escalated' },
};

/** The message for one recipient. No patient data: the ticket number leads staff to the case. */
export function noticeFor(
  fired: FiredStage,
  ticket: DueTicket,
  to: StaffContact,
  deadline: Date | null,
  timeZone: string,
): OutboxDraft {
  const when = (d: Date | null) => (d === null ? '—' : formatterFor(timeZone).format(d));
  const zh = to.lang === 'zh';
  const target = TARGET_TEXT[fired.target][zh ? 'zh' : 'en'];
  const stage = STAGE_TEXT[fired.stage][zh ? 'zh' : 'en'];
  const subject = zh
    ? `工单 ${ticket.ticketNo} ${target}${stage}`
    : `Ticket ${ticket.ticketNo}: ${target} ${stage}`;
  const body = zh
    ? `工单 ${ticket.ticketNo} 的${target}期限为 ${when(deadline)}（${timeZone}）。${stage}，请及时处理。`
    : `The ${target} deadline of ticket ${ticket.ticketNo} is ${when(deadline)} (${timeZone}); it ${stage}.`;
  return {
    ticketId: ticket.id,
    template: `sla_${fired.stage}`,
    channel: 'email',
    audience: 'staff',
    recipient: to.email ?? `staff:${to.username}`,
    lang: zh ? 'zh' : 'en',
    subject,
    body,
  };
}

// Building an Intl formatter costs far more than using one; a sweep formats thousands of instants.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
