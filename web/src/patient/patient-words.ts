import type { MessageKey, Translate } from '../i18n/i18n.ts';

export interface PatientEvent {
  type: string;
  at: string;
  by: string;
  payload: Record<string, unknown>;
}

const STATUSES = [
  'new',
  'acknowledged',
  'in_progress',
  'pending_patient',
  'resolution_proposed',
  'closed',
  'resolved_on_spot',
  'withdrawn',
  'duplicate',
] as const;
type Status = (typeof STATUSES)[number];
const isStatus = (s: unknown): s is Status => STATUSES.includes(s as Status);

/** Statuses after which a patient can no longer write or confirm. */
const FINISHED: ReadonlySet<string> = new Set(['closed', 'resolved_on_spot', 'withdrawn', 'duplicate']);
export const isFinished = (status: string): boolean => FINISHED.has(status);

/** The status as a patient says it ("正在处理"), and one sentence of what it means for them. */
export function patientStatusWords(status: string, t: Translate): { label: string; help: string } {
  if (!isStatus(status)) return { label: t('patientEvent.other'), help: '' };
  return {
    label: t(`patientStatus.${status}` as MessageKey),
    help: t(`patientStatusHelp.${status}` as MessageKey),
  };
}

const EVENT_KEYS: Record<string, MessageKey> = {
  received: 'patientEvent.received',
  reply: 'patientEvent.reply',
  patient_message: 'patientEvent.patient_message',
  resolution_proposed: 'patientEvent.resolution_proposed',
  patient_confirmed: 'patientEvent.patient_confirmed',
  patient_rejected: 'patientEvent.patient_rejected',
  resolved_on_spot: 'patientEvent.resolved_on_spot',
  attachments_added: 'patientEvent.attachments_added',
};

/** A timeline entry in patient words: a title, and the text written (by staff or by the patient) if any. */
export function describePatientEvent(
  event: PatientEvent,
  t: Translate,
): { title: string; text: string | null } {
  const p = event.payload;
  const text = typeof p.text === 'string' ? p.text : typeof p.comment === 'string' ? p.comment : null;
  if (event.type === 'status_changed' && isStatus(p.to)) {
    return {
      title: t('patientEvent.status_changed', { status: t(`patientStatus.${p.to}` as MessageKey) }),
      text: null,
    };
  }
  const key = EVENT_KEYS[event.type];
  return { title: key ? t(key) : t('patientEvent.other'), text };
}
