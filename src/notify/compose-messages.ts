import type { OutboxDraft } from '../store/outbox.repository.ts';
import { renderTemplate, type TemplateName } from './notification-templates.ts';

/** Turns "tell the patient / these staff X" into outbox rows, one per way of reaching each person. */

export interface PatientAddress {
  id: number;
  lang: string;
  contactEmail: string | null;
  contactPhone: string | null;
}

export interface StaffAddress {
  userId: number;
  email: string | null;
  phone: string | null;
}

export function patientMessages(
  ticket: PatientAddress,
  template: TemplateName,
  params: Record<string, string | number>,
): OutboxDraft[] {
  const { subject, body } = renderTemplate(template, ticket.lang, params);
  const base = {
    ticketId: ticket.id,
    template,
    audience: 'patient' as const,
    lang: ticket.lang,
    subject,
    body,
  };
  const drafts: OutboxDraft[] = [];
  if (ticket.contactEmail) drafts.push({ ...base, channel: 'email', recipient: ticket.contactEmail });
  if (ticket.contactPhone) drafts.push({ ...base, channel: 'sms', recipient: ticket.contactPhone });
  return drafts;
}

/** Staff are reached by e-mail when their profile has one, else by SMS; nobody twice. */
export function staffMessages(
  staff: readonly StaffAddress[],
  ticketId: number | null,
  lang: string,
  template: TemplateName,
  params: Record<string, string | number>,
): OutboxDraft[] {
  const { subject, body } = renderTemplate(template, lang, params);
  const seen = new Set<number>();
  const drafts: OutboxDraft[] = [];
  for (const s of staff) {
    if (seen.has(s.userId)) continue;
    seen.add(s.userId);
    const base = { ticketId, template, audience: 'staff' as const, lang, subject, body };
    if (s.email) drafts.push({ ...base, channel: 'email', recipient: s.email });
    else if (s.phone) drafts.push({ ...base, channel: 'sms', recipient: s.phone });
  }
  return drafts;
}

/** "Follow it at https://…/track" — or nothing when the institution has not set its public address. */
export function trackHint(lang: string, publicUrl: string | undefined): string {
  if (!publicUrl) return '';
  return lang === 'en' ? `Follow it at ${publicUrl}/track. ` : `查询进度：${publicUrl}/track 。`;
}
