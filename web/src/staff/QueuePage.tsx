import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api, query, type StaffUser, type TicketSummary } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { Link, navigate } from '../router.tsx';
import { LEVELS, listQuery, moveSelection, QUEUE_VIEWS, type QueueFilter, STATUSES } from './queue-views.ts';
import { SlaBadge } from './SlaBadge.tsx';
import { nextDeadline, readDeadlines } from './sla-countdown.ts';
import { staffLabel } from './staff-names.ts';
import { categoryWord, kindWord, levelWord, statusWord } from './staff-words.ts';
import { useDepartmentName } from './use-departments.ts';
import { useNow } from './use-now.ts';
import { useStaffDirectory } from './use-staff-directory.ts';

const PAGE_SIZE = 50;

const VIEW_KEYS: Record<(typeof QUEUE_VIEWS)[number], MessageKey> = {
  open: 'queue.view.open',
  myOverdue: 'queue.view.myOverdue',
  level1: 'queue.view.level1',
  triage: 'queue.view.triage',
  confirm: 'queue.view.confirm',
  mine: 'queue.view.mine',
  overdue: 'queue.view.overdue',
  all: 'queue.view.all',
};

interface Page {
  items: TicketSummary[];
  nextCursor: string | null;
}

export function QueuePage({ me, liveTick }: { me: StaffUser; liveTick: number }) {
  const { t, lang, dateTime, zone } = useI18n();
  const departmentName = useDepartmentName(lang);
  const directory = useStaffDirectory();
  const person = (id: number | null | undefined) => {
    const label = staffLabel(directory, id, me.id);
    if (!label) return t('ticket.unassigned');
    // "(you)" in words: the viewer's own rows are not marked by colour alone.
    return label.isMe ? t('staff.nameYou', { name: label.name }) : label.name;
  };
  const now = useNow();
  const [filter, setFilter] = useState<QueueFilter>({ view: 'open' });
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<TicketSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState(false);
  const [selected, setSelected] = useState(-1);
  const [announce, setAnnounce] = useState('');
  const table = useRef<HTMLTableSectionElement>(null);
  const firstLoad = useRef(true);

  const load = useCallback(
    async (after: string | null) => {
      try {
        const params = { ...listQuery(filter), limit: String(PAGE_SIZE), cursor: after ?? undefined };
        const page = await api.get<Page>(`/api/v1/tickets${query(params)}`);
        setRows((current) => (after ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(false);
      } catch {
        setError(true);
      }
    },
    [filter],
  );

  useEffect(() => {
    setSelected(-1);
    void load(null);
  }, [load]);

  // A live event reloads the first page; the polite status line says so for screen readers.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads exactly when a live event arrives
  useEffect(() => {
    if (firstLoad.current) {
      firstLoad.current = false;
      return;
    }
    void load(null).then(() => setAnnounce(t('queue.newArrived')));
  }, [liveTick]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (e.key !== 'j' && e.key !== 'k') return;
      e.preventDefault();
      setSelected((current) => {
        const next = moveSelection(current, e.key as 'j' | 'k', rows.length);
        table.current?.querySelectorAll<HTMLAnchorElement>('a.ticket-link')[next]?.focus();
        return next;
      });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [rows.length]);

  function submitSearch(e: FormEvent) {
    e.preventDefault();
    setFilter((f) => ({ ...f, q: search }));
  }

  return (
    <>
      <h1>{t('queue.heading')}</h1>
      <fieldset className="toolbar views">
        <legend className="visually-hidden">{t('queue.views')}</legend>
        {QUEUE_VIEWS.map((view) => (
          <button
            key={view}
            type="button"
            aria-pressed={filter.view === view}
            onClick={() => setFilter((f) => ({ ...f, view }))}
          >
            {t(VIEW_KEYS[view])}
          </button>
        ))}
      </fieldset>
      <search>
        <form className="toolbar" onSubmit={submitSearch}>
          <div className="field">
            <label htmlFor="q-search">{t('queue.search')}</label>
            <input id="q-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <button type="submit">{t('queue.searchButton')}</button>
          <div className="field">
            <label htmlFor="q-status">{t('queue.filterStatus')}</label>
            <select
              id="q-status"
              value={filter.status ?? ''}
              onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value || undefined }))}
            >
              <option value="">{t('queue.any')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusWord(t, s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="q-level">{t('queue.filterLevel')}</label>
            <select
              id="q-level"
              value={filter.level ?? ''}
              onChange={(e) => setFilter((f) => ({ ...f, level: e.target.value || undefined }))}
            >
              <option value="">{t('queue.any')}</option>
              {LEVELS.map((l) => (
                <option key={l} value={String(l)}>
                  {levelWord(t, l)}
                </option>
              ))}
            </select>
          </div>
        </form>
      </search>
      <p className="muted">
        {t('queue.keyboardHint')} · {t('app.timeZoneNote', { zone })}
      </p>
      <p role="status" className="visually-hidden">
        {announce}
      </p>
      {error && (
        <p className="error" role="alert">
          {t('app.error')}
        </p>
      )}
      <div className="table-wrap">
        <table className="queue">
          <caption className="visually-hidden">{t(VIEW_KEYS[filter.view])}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.col.no')}</th>
              <th scope="col">{t('queue.col.received')}</th>
              <th scope="col">{t('queue.col.level')}</th>
              <th scope="col">{t('queue.col.kind')}</th>
              <th scope="col">{t('queue.col.category')}</th>
              <th scope="col">{t('queue.col.status')}</th>
              <th scope="col">{t('queue.col.owner')}</th>
              <th scope="col">{t('queue.col.assignee')}</th>
              <th scope="col">{t('queue.col.department')}</th>
              <th scope="col">{t('queue.col.sla')}</th>
              <th scope="col">{t('queue.col.excerpt')}</th>
            </tr>
          </thead>
          <tbody ref={table}>
            {rows.map((row, i) => {
              const deadline = nextDeadline(readDeadlines(row));
              return (
                <tr
                  key={row.ticketNo}
                  aria-selected={i === selected}
                  data-ticket={row.ticketNo}
                  onDoubleClick={() => navigate(`/staff/tickets/${row.ticketNo}`)}
                >
                  <td>
                    <Link
                      className="ticket-link"
                      href={`/staff/tickets/${row.ticketNo}`}
                      onFocus={() => setSelected(i)}
                    >
                      {row.ticketNo}
                    </Link>
                  </td>
                  <td>{dateTime(row.receivedAt)}</td>
                  <td className={row.level === 1 ? 'level-1' : undefined}>
                    {levelWord(t, row.level, 'level.none')}
                  </td>
                  <td>{kindWord(t, row.kind)}</td>
                  <td>{categoryWord(t, row.category)}</td>
                  <td>{statusWord(t, row.status)}</td>
                  <td>{person(row.ownerId)}</td>
                  <td data-testid="assignee">{person(row.assigneeId)}</td>
                  <td>{departmentName(row.departmentId) ?? '—'}</td>
                  <td>
                    {deadline ? <SlaBadge deadline={deadline} receivedAt={row.receivedAt} now={now} /> : '—'}
                  </td>
                  <td>{row.excerpt}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && !error && <p>{t('queue.empty')}</p>}
      {cursor && (
        <p>
          <button type="button" onClick={() => load(cursor)}>
            {t('queue.more')}
          </button>
        </p>
      )}
    </>
  );
}
