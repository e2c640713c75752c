import { lazy, type ReactElement, Suspense, useCallback, useEffect, useState } from 'react';
import { ADMIN_ROOT, canSeeAdmin } from '../admin/admin-areas.ts';
import { AUTH_LOST_EVENT, api, type StaffUser } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { PrefsBar } from '../PrefsBar.tsx';
import { Link, navigate } from '../router.tsx';
import { AssignedNotices, useAssignmentNotices } from './AssignedNotices.tsx';
import { enableAlerts, notify, playChime } from './alert-sound.ts';
import { EntryPage } from './EntryPage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { isLevel1Alert, type LiveTicketEvent, useLiveTicketEvents } from './live-events.ts';
import { QueuePage } from './QueuePage.tsx';
import { roleWord } from './staff-words.ts';
import { TicketPage } from './TicketPage.tsx';

// ECharts is the largest thing in the app: it loads only when someone opens the dashboard.
const DashboardPage = lazy(() => import('./DashboardPage.tsx'));
// The admin pages: few people open them.
const AdminApp = lazy(() => import('../admin/AdminApp.tsx'));

const TICKET_PATH = /^\/staff\/tickets\/([0-9]{4}-[0-9]{6,})$/;

export default function StaffApp({ path }: { path: string }) {
  const { t } = useI18n();
  const [user, setUser] = useState<StaffUser | null | undefined>(undefined);
  const [permissions, setPermissions] = useState<string[]>([]);
  const loadMe = useCallback(
    () =>
      api
        .get<{ user: StaffUser; permissions: string[] }>('/api/v1/auth/me')
        .then((r) => {
          setPermissions(r.permissions);
          setUser(r.user);
        })
        .catch(() => setUser(null)),
    [],
  );

  useEffect(() => {
    document.title = `${t('staff.title')} · CareLoop`;
  }, [t]);
  useEffect(() => {
    void loadMe();
    // An expired session anywhere in the console brings back the login form.
    const lost = () => setUser(null);
    window.addEventListener(AUTH_LOST_EVENT, lost);
    return () => window.removeEventListener(AUTH_LOST_EVENT, lost);
  }, [loadMe]);

  if (user === undefined) return <p className="loading">{t('app.loading')}</p>;
  if (user === null) return <LoginPage onLogin={() => void loadMe()} />;
  return <Console user={user} permissions={permissions} path={path} onLogout={() => setUser(null)} />;
}

function Console({
  user,
  permissions,
  path,
  onLogout,
}: {
  user: StaffUser;
  permissions: string[];
  path: string;
  onLogout: () => void;
}) {
  const { t } = useI18n();
  // Bumped on every live event: pages reload what they show.
  const [liveTick, setLiveTick] = useState(0);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [alertsOn, setAlertsOn] = useState(false);

  const assigned = useAssignmentNotices(user);
  const onEvent = useCallback(
    (event: LiveTicketEvent) => {
      setLiveTick((n) => n + 1);
      assigned.onEvent(event);
      if (!isLevel1Alert(event)) return;
      setAlerts((list) => (list.includes(event.ticketNo) ? list : [...list, event.ticketNo]));
      playChime();
      notify(t('staff.title'), t('staff.alertLevel1', { no: event.ticketNo }), () =>
        navigate(`/staff/tickets/${event.ticketNo}`),
      );
    },
    [t, assigned.onEvent],
  );
  // An account administrator may handle no cases: no queue, no live stream, the admin pages instead.
  const handlesCases = permissions.includes('ticket.read');
  const { connected } = useLiveTicketEvents(onEvent, handlesCases);

  async function logout() {
    await api.post('/api/v1/auth/logout').catch(() => {});
    onLogout();
  }

  const ticketMatch = TICKET_PATH.exec(path);
  const isAdminPath = path === ADMIN_ROOT || path.startsWith(`${ADMIN_ROOT}/`);
  let page: ReactElement;
  if (ticketMatch?.[1]) page = <TicketPage ticketNo={ticketMatch[1]} liveTick={liveTick} me={user} />;
  else if (path === '/staff/new') page = <EntryPage />;
  else if (path === '/staff/dashboard')
    page = (
      <Suspense fallback={<p>{t('app.loading')}</p>}>
        <DashboardPage liveTick={liveTick} />
      </Suspense>
    );
  else if (isAdminPath)
    page = (
      <Suspense fallback={<p>{t('app.loading')}</p>}>
        <AdminApp path={path} me={user} permissions={permissions} />
      </Suspense>
    );
  else if (handlesCases) page = <QueuePage me={user} liveTick={liveTick} />;
  else
    page = (
      <Suspense fallback={<p>{t('app.loading')}</p>}>
        <AdminApp path={ADMIN_ROOT} me={user} permissions={permissions} />
      </Suspense>
    );

  return (
    <div className="staff">
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="staff-header">
        <strong>{t('staff.title')}</strong>
        <nav aria-label={t('staff.title')}>
          {handlesCases && (
            <>
              <Link href="/staff" aria-current={path === '/staff' ? 'page' : undefined}>
                {t('staff.nav.queue')}
              </Link>
              <Link href="/staff/new" aria-current={path === '/staff/new' ? 'page' : undefined}>
                {t('staff.nav.entry')}
              </Link>
              <Link href="/staff/dashboard" aria-current={path === '/staff/dashboard' ? 'page' : undefined}>
                {t('staff.nav.dashboard')}
              </Link>
            </>
          )}
          {canSeeAdmin(permissions) && (
            <Link href={ADMIN_ROOT} aria-current={isAdminPath ? 'page' : undefined}>
              {t('staff.nav.admin')}
            </Link>
          )}
        </nav>
        <span className="spacer" />
        {handlesCases && (
          <>
            <span role="status" className={connected ? 'ok' : 'error'} data-testid="live-status">
              {connected ? t('staff.liveOn') : t('staff.liveOff')}
            </span>
            <button
              type="button"
              aria-pressed={alertsOn}
              onClick={() => enableAlerts().then(setAlertsOn, () => setAlertsOn(false))}
            >
              {alertsOn ? t('staff.alertsOn') : t('staff.enableAlerts')}
            </button>
          </>
        )}
        <PrefsBar />
        <span>{t('staff.signedInAs', { name: user.displayName, role: roleWord(t, user.role) })}</span>
        <button type="button" onClick={logout}>
          {t('staff.logout')}
        </button>
      </header>
      <AssignedNotices notices={assigned.notices} dismiss={assigned.dismiss} />
      {alerts.map((no) => (
        <div key={no} className="alert-banner" role="alert" data-testid="level1-alert">
          <span aria-hidden="true">⚠</span>
          <span>{t('staff.alertLevel1', { no })}</span>
          <button
            type="button"
            onClick={() => {
              setAlerts((list) => list.filter((x) => x !== no));
              navigate(`/staff/tickets/${no}`);
            }}
          >
            {t('staff.alertOpen')}
          </button>
          <button type="button" onClick={() => setAlerts((list) => list.filter((x) => x !== no))}>
            {t('staff.alertDismiss')}
          </button>
        </div>
      ))}
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}
