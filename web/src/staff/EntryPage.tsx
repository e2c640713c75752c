import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { ApiError, api, type SubmitResult } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { Link } from '../router.tsx';
import { channelWord } from './staff-words.ts';

/** The channels staff record by hand (the server's STAFF_CHANNELS); the hotline first, it is the busiest. */
const CHANNELS = [
  'hotline',
  'desk',
  'nurse_station',
  'letter',
  'email',
  'hotline_12345',
  'vip_advisor',
  'wechat',
];

/**
 * Staff entry for a call or a visit, filled while the person is still talking: the text box has the
 * focus, Ctrl+Enter saves, and the tracking code is shown to read out before hanging up.
 */
export function EntryPage() {
  const { t, lang } = useI18n();
  const [channel, setChannel] = useState('hotline');
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [externalRef, setExternalRef] = useState('');
  const [onSpot, setOnSpot] = useState(false);
  const [onSpotText, setOnSpotText] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<SubmitResult | null>(null);

  async function save(e?: FormEvent) {
    e?.preventDefault();
    if (!text.trim()) return setError('submit.errorText');
    if (onSpot && !onSpotText.trim()) return setError('ticket.needReason');
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<SubmitResult>('/api/v1/tickets', {
        channel,
        text: text.trim(),
        lang,
        anonymous,
        ...(!anonymous && name.trim() ? { name: name.trim() } : {}),
        ...(!anonymous && phone.trim() ? { phone: phone.trim() } : {}),
        ...(externalRef.trim() ? { externalRef: externalRef.trim() } : {}),
        ...(onSpot ? { resolvedOnSpot: { text: onSpotText.trim(), patientAgreed: agreed } } : {}),
      });
      setSaved(result);
    } catch (err) {
      setError(err instanceof ApiError && err.field === 'phone' ? 'submit.errorPhone' : 'app.error');
    } finally {
      setBusy(false);
    }
  }

  function startOver() {
    for (const clear of [setText, setName, setPhone, setExternalRef, setOnSpotText]) clear('');
    for (const uncheck of [setAnonymous, setOnSpot, setAgreed]) uncheck(false);
    setSaved(null);
  }

  const saveOnCtrlEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save();
  };

  if (saved) {
    return (
      <section className="card stack" aria-labelledby="entry-saved">
        <h1 id="entry-saved">{t('entry.saved', { no: saved.ticketNo })}</h1>
        <p>{t('entry.readOut')}</p>
        <p className="tracking-code" data-testid="entry-tracking-code">
          {saved.trackingCode}
        </p>
        <p className="actions">
          <Link className="button primary" href={`/staff/tickets/${saved.ticketNo}`}>
            {t('entry.open')}
          </Link>
          <button type="button" onClick={startOver}>
            {t('entry.another')}
          </button>
        </p>
      </section>
    );
  }

  return (
    <form className="card stack entry" onSubmit={save} onKeyDown={saveOnCtrlEnter}>
      <h1>{t('entry.heading')}</h1>
      <p className="muted">{t('entry.hint')}</p>
      <div className="row">
        <div className="field">
          <label htmlFor="en-channel">{t('ticket.channel')}</label>
          <select id="en-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelWord(t, c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="en-ref">{t('entry.externalRef')}</label>
          <input
            id="en-ref"
            value={externalRef}
            maxLength={100}
            onChange={(e) => setExternalRef(e.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="en-text">{t('entry.text')}</label>
        {/* biome-ignore lint/a11y/noAutofocus: the officer starts typing while the caller talks */}
        <textarea id="en-text" rows={6} autoFocus value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="field check">
        <input
          id="en-anon"
          type="checkbox"
          checked={anonymous}
          onChange={(e) => setAnonymous(e.target.checked)}
        />
        <label htmlFor="en-anon">{t('submit.anonymous')}</label>
      </div>
      {!anonymous && (
        <div className="row">
          <div className="field">
            <label htmlFor="en-name">{t('entry.name')}</label>
            <input id="en-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="en-phone">{t('entry.phone')}</label>
            <input
              id="en-phone"
              type="tel"
              value={phone}
              maxLength={30}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
        </div>
      )}
      <div className="field check">
        <input
          id="en-onspot"
          type="checkbox"
          checked={onSpot}
          onChange={(e) => setOnSpot(e.target.checked)}
        />
        <label htmlFor="en-onspot">{t('ticket.action.resolve_on_spot')}</label>
      </div>
      {onSpot && (
        <>
          <div className="field">
            <label htmlFor="en-onspot-text">{t('entry.onSpotText')}</label>
            <textarea
              id="en-onspot-text"
              rows={2}
              value={onSpotText}
              onChange={(e) => setOnSpotText(e.target.value)}
            />
          </div>
          <div className="field check">
            <input
              id="en-agreed"
              type="checkbox"
              checked={agreed}
              onChange={(e) => setAgreed(e.target.checked)}
            />
            <label htmlFor="en-agreed">{t('entry.patientAgreed')}</label>
          </div>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {t(error)}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {t('entry.save')}
      </button>
    </form>
  );
}
