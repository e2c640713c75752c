import { type FormEvent, useState } from 'react';
import { ApiError, api, NETWORK_ERROR, type SubmitResult } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { navigate } from '../router.tsx';
import { AttachmentPicker } from './AttachmentPicker.tsx';
import { fileProblem } from './attachment-rules.ts';

const PHONE_PATTERN = /^\+?[0-9][0-9 -]*$/;

interface Done {
  result: SubmitResult;
  /** The message arrived but its files did not: the patient is told and can add them when tracking. */
  filesFailed: boolean;
}

export function SubmitPage() {
  const [done, setDone] = useState<Done | null>(null);
  return done ? (
    <Submitted result={done.result} filesFailed={done.filesFailed} onAnother={() => setDone(null)} />
  ) : (
    <FeedbackForm onDone={setDone} />
  );
}

const lastFourDigits = (phone: string) => phone.replace(/\D/g, '').slice(-4);

function FeedbackForm({ onDone }: { onDone: (d: Done) => void }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<{ key: MessageKey; field?: string } | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (text.trim() === '') return setError({ key: 'submit.errorText', field: 'text' });
    if (!anonymous && phone.trim() !== '' && !PHONE_PATTERN.test(phone.trim()))
      return setError({ key: 'submit.errorPhone', field: 'phone' });
    if (fileProblem(files)) return;
    if (!consent) return setError({ key: 'submit.errorConsent', field: 'consent' });
    setError(null);
    setSending(true);
    try {
      const result = await api.post<SubmitResult>('/api/v1/feedback', {
        text,
        lang,
        anonymous,
        ...(!anonymous && name.trim() ? { name: name.trim() } : {}),
        ...(!anonymous && phone.trim() ? { phone: phone.trim() } : {}),
      });
      let filesFailed = false;
      if (files.length > 0) {
        const phone4 = !anonymous && phone.trim() ? lastFourDigits(phone) : '';
        const q = phone4 ? `?phone4=${phone4}` : '';
        filesFailed = await api
          .upload(`/api/v1/track/${encodeURIComponent(result.trackingCode)}/attachments${q}`, files)
          .then(
            () => false,
            () => true,
          );
      }
      onDone({ result, filesFailed });
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      if (field === 'phone') setError({ key: 'submit.errorPhone', field });
      else if (field === 'text') setError({ key: 'submit.errorText', field });
      else
        setError({
          key: err instanceof ApiError && err.code === NETWORK_ERROR ? 'app.networkError' : 'app.error',
        });
    } finally {
      setSending(false);
    }
  }

  const invalid = (field: string) => (error?.field === field ? true : undefined);
  const describedBy = (field: string, hint?: string) =>
    [hint, error?.field === field ? 'form-error' : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form className="card stack" onSubmit={submit} noValidate>
      <h1>{t('submit.heading')}</h1>
      <p>{t('submit.intro')}</p>

      <div className="field">
        <label htmlFor="fb-text">{t('submit.text')}</label>
        <p className="hint" id="fb-text-hint">
          {t('submit.textHint')}
        </p>
        <textarea
          id="fb-text"
          rows={7}
          value={text}
          maxLength={5000}
          aria-invalid={invalid('text')}
          aria-describedby={describedBy('text', 'fb-text-hint')}
          onChange={(e) => setText(e.target.value)}
        />
      </div>

      <div className="field check">
        <input
          id="fb-anonymous"
          type="checkbox"
          checked={anonymous}
          aria-describedby="fb-anonymous-hint"
          onChange={(e) => setAnonymous(e.target.checked)}
        />
        <label htmlFor="fb-anonymous">{t('submit.anonymous')}</label>
        <p className="hint" id="fb-anonymous-hint">
          {t('submit.anonymousHint')}
        </p>
      </div>

      {!anonymous && (
        <>
          <div className="field">
            <label htmlFor="fb-name">{t('submit.name')}</label>
            <input
              id="fb-name"
              autoComplete="name"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="fb-phone">{t('submit.phone')}</label>
            <p className="hint" id="fb-phone-hint">
              {t('submit.phoneHint')}
            </p>
            <input
              id="fb-phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={phone}
              maxLength={30}
              aria-invalid={invalid('phone')}
              aria-describedby={describedBy('phone', 'fb-phone-hint')}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
        </>
      )}

      <AttachmentPicker files={files} onChange={setFiles} />

      <section className="notice" aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">{t('submit.privacyHeading')}</h2>
        <p>{t('submit.privacyText')}</p>
      </section>

      <div className="field check">
        <input
          id="fb-consent"
          type="checkbox"
          checked={consent}
          aria-invalid={invalid('consent')}
          aria-describedby={describedBy('consent')}
          onChange={(e) => setConsent(e.target.checked)}
        />
        <label htmlFor="fb-consent">{t('submit.consent')}</label>
      </div>

      {error && (
        <p className="error" id="form-error" role="alert">
          {t(error.key)}
        </p>
      )}
      <button className="primary big" type="submit" disabled={sending}>
        {sending ? t('submit.sending') : t('submit.send')}
      </button>
    </form>
  );
}

function Submitted({
  result,
  filesFailed,
  onAnother,
}: {
  result: SubmitResult;
  filesFailed: boolean;
  onAnother: () => void;
}) {
  const { t, dateTime, zone } = useI18n();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copyCode() {
    try {
      await navigator.clipboard.writeText(result.trackingCode);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }

  return (
    <section className="card stack" aria-labelledby="done-heading">
      <h1 id="done-heading">{t('done.heading')}</h1>
      <p>{t('done.thanks')}</p>
      {filesFailed && (
        <p className="error" role="alert">
          {t('files.uploadFailed')}
        </p>
      )}
      <div className="code-box">
        <p id="code-label">{t('done.codeLabel')}</p>
        <p className="tracking-code" data-testid="tracking-code">
          {result.trackingCode}
        </p>
        <button type="button" className="big" onClick={copyCode}>
          {t('done.copy')}
        </button>
        <p role="status" className={copy === 'failed' ? 'error' : 'ok'}>
          {copy === 'copied' ? t('done.copied') : copy === 'failed' ? t('done.copyFailed') : ''}
        </p>
      </div>
      <p className="save-hint">
        <strong>{t('done.saveHint')}</strong>
      </p>
      <p>{t('done.ticketNo', { no: result.ticketNo })}</p>
      <p>
        {t('done.receivedAt', { at: dateTime(result.receivedAt) })}{' '}
        <small>{t('app.timeZoneNote', { zone })}</small>
      </p>
      <p className="actions">
        <button
          type="button"
          className="primary big"
          onClick={() => navigate('/track', { code: result.trackingCode })}
        >
          {t('done.track')}
        </button>
        <button type="button" onClick={onAnother}>
          {t('done.another')}
        </button>
      </p>
    </section>
  );
}
