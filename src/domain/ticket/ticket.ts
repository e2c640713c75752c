/**
 * The ticket (工单): one piece of patient feedback from receipt to closure. This file holds the plain
 * data shapes; the rules of the closed loop live in ticket-lifecycle.ts.
 */

export const CHANNELS = [
  'web',
  'wechat',
  'hotline',
  'desk',
  'nurse_station',
  'letter',
  'email',
  'hotline_12345',
  'vip_advisor',
  'webhook',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const KINDS = ['inquiry', 'request', 'complaint', 'suggestion', 'praise'] as const;
export type Kind = (typeof KINDS)[number];

export const CATEGORIES = [
  'attitude',
  'communication',
  'waiting',
  'appointment',
  'billing',
  'report',
  'clinical',
  'medication',
  'environment',
  'privacy',
  'process',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const LEVELS = [1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];

export const STATUSES = [
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
export type Status = (typeof STATUSES)[number];

/** Statuses in which nothing more happens to the ticket. */
export const FINAL_STATUSES: ReadonlySet<Status> = new Set([
  'closed',
  'resolved_on_spot',
  'withdrawn',
  'duplicate',
]);

export type Lang = 'zh' | 'en';

export type Visibility = 'internal' | 'patient';

export type ActorType = 'system' | 'staff' | 'patient';

export interface Actor {
  type: ActorType;
  /** Staff user id; absent for the system and the patient. */
  id?: number | undefined;
}

export const SYSTEM: Actor = { type: 'system' };
export const PATIENT: Actor = { type: 'patient' };

export type Closure = 'confirmed' | 'lapsed' | 'on_spot' | 'withdrawn' | 'duplicate';

/** The current state of a ticket, as the lifecycle rules need it. */
export interface TicketState {
  status: Status;
  kind: Kind | null;
  category: Category | null;
  level: Level | null;
  firstResponseAt: Date | null;
  resolutionProposedAt: Date | null;
  closedAt: Date | null;
  closure: Closure | null;
  reopenCount: number;
  duplicateOfId: number | null;
}

export interface TicketEventDraft {
  type: string;
  actor: Actor;
  at: Date;
  visibility: Visibility;
  payload: Record<string, unknown>;
}

export function isFinal(status: Status): boolean {
  return FINAL_STATUSES.has(status);
}
