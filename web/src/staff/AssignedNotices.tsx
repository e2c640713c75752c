import { useCallback, useEffect, useRef, useState } from 'react';
import { api, query, type StaffUser, type TicketSummary } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { navigate } from '../router.tsx';
import { type LiveTicketEvent, trackAssignment } from './live-events.ts';
import { OPEN_STATUSES } from './queue-views.ts';

/** Enough to know the open tickets already assigned to someone at login; more only means an extra notice. */
const KNOWN_MINE_LIMIT = 200;

export interface AssignmentNotices {
  notices: string[];
  /** Feed every live event here. */
  onEvent: (event: LiveTicketEvent) => void;
  dismiss: (ticketNo: string) => void;
}

/**
 * "Assigned to you" notices: a ticket handed to the viewer announces itself once. The tickets already
 * theirs when the console opens are loaded first, so a reply on one of them is not taken for news.
 */
export function useAssignmentNotices(me: StaffUser): AssignmentNotices {
  const mine = useRef<Set<string>>(new Set());
  const [notices, setNotices] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    const params = { mine: 'true', status: OPEN_STATUSES.join(',') };
    api
      .get<{ items: TicketSummary[] }>(`/api/v1/tickets${query({ ...params, limit: KNOWN_MINE_LIMIT })}`)
      .then(
        (page) => {
          if (!live) return;
          for (const t of page.items) if (t.assigneeId === me.id) mine.current.add(t.ticketNo);
        },
        // Without the list every later assignment still announces itself; at worst one extra notice.
        () => {},
      );
    return () => {
      live = false;
    };
  }, [me.id]);

  const onEvent = useCallback(
    (event: LiveTicketEvent) => {
      const next = trackAssignment(mine.current, event, me.id);
      mine.current = next.mine;
      if (next.assignedToMe)
        setNotices((list) => (list.includes(event.ticketNo) ? list : [...list, event.ticketNo]));
    },
    [me.id],
  );
  const dismiss = useCallback(
    (ticketNo: string) => setNotices((list) => list.filter((x) => x !== ticketNo)),
    [],
  );
  return { notices, onEvent, dismiss };
}

/**
 * The notices, in a polite live region that is always in the page (a region added together with its
 * text is not reliably read out). Words and an icon, not colour alone, say what happened.
 */
export function AssignedNotices({ notices, dismiss }: Pick<AssignmentNotices, 'notices' | 'dismiss'>) {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite" className="stack">
      {notices.map((no) => (
        <p key={no} className="notice actions" data-testid="assigned-notice">
          <span aria-hidden="true">➜</span>
          <span>{t('staff.assignedToYou', { no })}</span>
          <button
            type="button"
            onClick={() => {
              dismiss(no);
              navigate(`/staff/tickets/${no}`);
            }}
          >
            {t('staff.alertOpen')}
          </button>
          <button type="button" onClick={() => dismiss(no)}>
            {t('staff.alertDismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}
