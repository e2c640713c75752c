import { type FormEvent, useState } from 'react';
import { ApiError, api, NETWORK_ERROR, type StaffUser } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { PrefsBar } from '../PrefsBar.tsx';

export function LoginPage({ onLogin }: { onLogin: (user: StaffUser) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user } = await api.post<{ user: StaffUser }>('/api/v1/auth/login', { username, password });
      onLogin(user);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'login.failed'
          : err instanceof ApiError && err.code === NETWORK_ERROR
            ? 'app.networkError'
            : 'app.error',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="patient">
      <header className="patient-header">
        <p className="brand">{t('staff.title')}</p>
        <PrefsBar />
      </header>
      <main id="main">
        <form className="card stack" onSubmit={submit}>
          <h1>{t('login.heading')}</h1>
          <div className="field">
            <label htmlFor="lg-user">{t('login.username')}</label>
            <input
              id="lg-user"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="lg-pass">{t('login.password')}</label>
            <input
              id="lg-pass"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {error && (
            <p className="error" role="alert">
              {t(error)}
            </p>
          )}
          <button className="primary big" type="submit" disabled={busy || !username || !password}>
            {t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
