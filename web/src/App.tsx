import { lazy, Suspense } from 'react';
import { I18nProvider, useI18n } from './i18n/I18nProvider.tsx';
import { PatientShell } from './patient/PatientShell.tsx';
import { SubmitPage } from './patient/SubmitPage.tsx';
import { TrackPage } from './patient/TrackPage.tsx';
import { Link, useLocation } from './router.tsx';

// The console (and ECharts with it) loads only for staff: patients on a slow phone never download it.
const StaffApp = lazy(() => import('./staff/StaffApp.tsx'));

function Routes() {
  const { path } = useLocation();
  const { t } = useI18n();
  if (path === '/staff' || path.startsWith('/staff/')) {
    return (
      <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
        <StaffApp path={path} />
      </Suspense>
    );
  }
  if (path === '/')
    return (
      <PatientShell>
        <SubmitPage />
      </PatientShell>
    );
  if (path === '/track')
    return (
      <PatientShell>
        <TrackPage />
      </PatientShell>
    );
  return (
    <PatientShell>
      <h1>{t('app.notFound')}</h1>
      <p>
        <Link href="/">{t('app.backHome')}</Link>
      </p>
    </PatientShell>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Routes />
    </I18nProvider>
  );
}
