/** The saved views of the queue, as the list endpoint's query parameters. */
export const QUEUE_VIEWS = [
  'open',
  'myOverdue',
  'level1',
  'triage',
  'confirm',
  'mine',
  'overdue',
  'all',
] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

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
export const OPEN_STATUSES = STATUSES.slice(0, 5);
export const LEVELS = [1, 2, 3] as const;
export const KINDS = ['inquiry', 'request', 'complaint', 'suggestion', 'praise'] as const;
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

export interface QueueFilter {
  view: QueueView;
  /** A single status chosen by hand; narrows the view. */
  status?: string;
  level?: string;
  q?: string;
}

export type ListQuery = Record<string, string | undefined>;

/**
 * Turns the chosen view and filters into the query of GET /api/v1/tickets. "Mine" and "overdue" are
 * decided by the server (the caller's id from the session, "now" from its clock), so a console with a
 * wrong clock or a stale page still gets the right rows; overdue tickets are open by definition.
 */
export function listQuery(filter: QueueFilter): ListQuery {
  const open = OPEN_STATUSES.join(',');
  const base: ListQuery = {
    open: { status: open },
    myOverdue: { mine: 'true', overdue: 'true' },
    level1: { status: open, level: '1' },
    // A ticket withdrawn before anyone triaged it needs no triage any more.
    triage: { status: open, awaitingTriage: 'true' },
    confirm: { status: 'resolution_proposed' },
    mine: { status: open, mine: 'true' },
    overdue: { overdue: 'true' },
    all: {},
  }[filter.view];
  const q = filter.q?.trim();
  return {
    ...base,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.level ? { level: filter.level } : {}),
    ...(q ? { q } : {}),
  };
}

/** j / k move through the rows and stop at the ends; no selection yet starts at the top. */
export function moveSelection(current: number, key: 'j' | 'k', rows: number): number {
  if (rows === 0) return -1;
  if (current < 0) return 0;
  return key === 'j' ? Math.min(current + 1, rows - 1) : Math.max(current - 1, 0);
}
