import { useEffect } from 'react';
import type { StaffUser } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { Link } from '../router.tsx';
import { type AdminArea, adminPath, allowedAreas, areaForPath } from './admin-areas.ts';
import { CalendarsPage } from './CalendarsPage.tsx';
import { DepartmentsPage } from './DepartmentsPage.tsx';
import { RoutingPage } from './RoutingPage.tsx';
import { SlaPolicyPage } from './SlaPolicyPage.tsx';
import { UsersPage } from './UsersPage.tsx';
import './admin.css';

const NAV_WORD: Record<AdminArea, MessageKey> = {
  users: 'admin.nav.users',
  departments: 'admin.nav.departments',
  routing: 'admin.nav.routing',
  calendars: 'admin.nav.calendars',
  sla: 'admin.nav.sla',
};

/**
 * The admin pages: what is configuration elsewhere, as forms. Loaded on demand (most staff never open
 * it); each page shows only when the user's permissions allow its API.
 */
export default function AdminApp({
  path,
  me,
  permissions,
}: {
  path: string;
  me: StaffUser;
  permissions: readonly string[];
}) {
  const { t } = useI18n();
  const areas = allowedAreas(permissions);
  const area = areaForPath(path, permissions);

  useEffect(() => {
    document.title = `${area ? t(NAV_WORD[area]) : t('admin.heading')} · ${t('staff.title')} · CareLoop`;
  }, [area, t]);

  let page = <p>{t('app.notFound')}</p>;
  if (area === 'users') page = <UsersPage me={me} canEditRoles={permissions.includes('roles.manage')} />;
  else if (area === 'departments')
    page = <DepartmentsPage canSetCalendar={permissions.includes('admin.settings')} />;
  else if (area === 'routing') page = <RoutingPage />;
  else if (area === 'calendars') page = <CalendarsPage />;
  else if (area === 'sla') page = <SlaPolicyPage />;

  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t('admin.heading')}>
        {areas.map((a) => (
          <Link key={a} href={adminPath(a)} aria-current={a === area ? 'page' : undefined}>
            {t(NAV_WORD[a])}
          </Link>
        ))}
      </nav>
      {page}
    </div>
  );
}
