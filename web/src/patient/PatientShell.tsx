import { type ReactNode, useEffect } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { PrefsBar } from '../PrefsBar.tsx';
import { Link, useLocation } from '../router.tsx';

export function PatientShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { path } = useLocation();
  useEffect(() => {
    document.title = `${t('patient.title')} · CareLoop`;
  }, [t]);
  return (
    <div className="patient">
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="patient-header">
        <p className="brand">{t('app.name')}</p>
        <PrefsBar />
        <nav aria-label={t('patient.title')}>
          <Link href="/" aria-current={path === '/' ? 'page' : undefined}>
            {t('patient.nav.submit')}
          </Link>
          <Link href="/track" aria-current={path === '/track' ? 'page' : undefined}>
            {t('patient.nav.track')}
          </Link>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
