import { type FormEvent, useState } from 'react';
import { ApiError, api, enc, NETWORK_ERROR, type PatientView } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { useLocation } from '../router.tsx';
import { AttachmentPicker } from './AttachmentPicker.tsx';
import { fileProblem } from './attachment-rules.ts';
import { describePatientEvent, isFinished, patientStatusWords } from './patient-words.ts';

const errorKey = (err: unknown): MessageKey =>
  err instanceof ApiError && err.code === 'TRACKING_NOT_FOUND'
    ? 'track.notFound'
    : err instanceof ApiError && err.code === NETWORK_ERROR
      ? 'app.networkError'
      : 'app.error';

export function TrackPage() {
  const { t } = useI18n();
  const { state } = useLocation();
  const [code, setCode] = useState(state?.code ?? '');
  const [phone4, setPhone4] = useState('');
  const [view, setView] = useState<PatientView | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  async function lookUp(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const q = phone4.trim() ? `?phone4=${enc(phone4.trim())}` : '';
      setView(await api.get<PatientView>(`/api/v1/track/${enc(code.trim())}${q}`));
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setBusy(false);
    }
  }

  if (view) {
    return (
      <CaseView
        view={view}
        code={code.trim()}
        phone4={phone4.trim()}
        onChange={setView}
        onOther={() => {
          setView(null);
          setCode('');
          setPhone4('');
        }}
      />
    );
  }

  return (
    <form className="card stack" onSubmit={lookUp} noValidate>
      <h1>{t('track.heading')}</h1>
      <div className="field">
        <label htmlFor="tr-code">{t('track.code')}</label>
        <p className="hint" id="tr-code-hint">
          {t('track.codeHint')}
        </p>
        <input
          id="tr-code"
          className="code-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          aria-describedby="tr-code-hint"
          onChange={(e) => setCode(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="tr-phone4">{t('track.phone4')}</label>
        <p className="hint" id="tr-phone4-hint">
          {t('track.phone4Hint')}
        </p>
        <input
          id="tr-phone4"
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          value={phone4}
          aria-describedby="tr-phone4-hint"
          onChange={(e) => setPhone4(e.target.value.replace(/\D/g, ''))}
        />
      </div>
      {error && (
        <p className="error" role="alert">
          {t(error)}
        </p>
      )}
      <button className="primary big" type="submit" disabled={busy || code.trim() === ''}>
        {busy ? t('track.searching') : t('track.submit')}
      </button>
    </form>
  );
}

interface CaseProps {
  view: PatientView;
  code: string;
  phone4: string;
  onChange: (v: PatientView) => void;
  onOther: () => void;
}

function CaseView({ view, code, phone4, onChange, onOther }: CaseProps) {
  const { t, dateTime, zone } = useI18n();
  const words = patientStatusWords(view.status, t);
  const finished = isFinished(view.status);
  const base = `/api/v1/track/${enc(code)}`;
  const withPhone = phone4 ? { phone4 } : {};

  return (
    <div className="stack">
      <section className="card status-card" aria-labelledby="status-label">
        <p className="muted">{t('track.ticketNo', { no: view.ticketNo })}</p>
        <h1 id="status-label">
          <span className="muted small-heading">{t('track.statusLabel')}</span>
          <span className="status-words" data-testid="patient-status">
            {words.label}
          </span>
        </h1>
        <p>{words.help}</p>
      </section>

      {view.status === 'resolution_proposed' && (
        <ConfirmBox base={base} extra={withPhone} onChange={onChange} />
      )}

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('track.timeline')}</h2>
        <p className="muted">
          <small>{t('app.timeZoneNote', { zone })}</small>
        </p>
        <ol className="timeline">
          {[...view.timeline].reverse().map((event) => {
            const d = describePatientEvent(event, t);
            return (
              <li key={`${event.at}-${event.type}`} className={`from-${event.by}`}>
                <time dateTime={event.at}>{dateTime(event.at)}</time>
                <strong>{d.title}</strong>
                {d.text && <p className="said">{d.text}</p>}
              </li>
            );
          })}
        </ol>
      </section>

      {finished ? (
        <p className="card">{t('track.closedNote')}</p>
      ) : (
        <>
          <ReplyBox base={base} extra={withPhone} onChange={onChange} />
          <FilesBox base={base} extra={withPhone} onChange={onChange} />
        </>
      )}
      <button type="button" onClick={onOther}>
        {t('track.other')}
      </button>
    </div>
  );
}

interface BoxProps {
  base: string;
  extra: { phone4?: string };
  onChange: (v: PatientView) => void;
}

function ConfirmBox({ base, extra, onChange }: BoxProps) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  async function answer(satisfied: boolean) {
    setBusy(true);
    setError(null);
    try {
      onChange(
        await api.post<PatientView>(`${base}/confirm`, {
          satisfied,
          ...extra,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        }),
      );
    } catch (err) {
      setError(errorKey(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack confirm" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">{t('track.confirmHeading')}</h2>
      <p>{t('track.confirmIntro')}</p>
      <div className="field">
        <label htmlFor="cf-comment">{t('track.confirmComment')}</label>
        <textarea id="cf-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      {error && (
        <p className="error" role="alert">
          {t(error)}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary big" disabled={busy} onClick={() => answer(true)}>
          {t('track.confirmYes')}
        </button>
        <button type="button" className="big" disabled={busy} onClick={() => answer(false)}>
          {t('track.confirmNo')}
        </button>
      </div>
    </section>
  );
}

function ReplyBox({ base, extra, onChange }: BoxProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [status, setStatus] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setStatus(null);
    try {
      onChange(await api.post<PatientView>(`${base}/messages`, { text: text.trim(), ...extra }));
      setText('');
      setStatus('track.replySent');
    } catch (err) {
      setStatus(errorKey(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" onSubmit={send} aria-labelledby="reply-heading">
      <h2 id="reply-heading">{t('track.replyHeading')}</h2>
      <div className="field">
        <label htmlFor="rp-text">{t('track.replyLabel')}</label>
        <textarea
          id="rp-text"
          rows={4}
          value={text}
          maxLength={5000}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <p role="status" className={status === 'track.replySent' ? 'ok' : 'error'}>
        {status ? t(status) : ''}
      </p>
      <button className="primary big" type="submit" disabled={busy || !text.trim()}>
        {t('track.replySend')}
      </button>
    </form>
  );
}

function FilesBox({ base, extra, onChange }: BoxProps) {
  const { t } = useI18n();
  const [files, setFiles] = useState<File[]>([]);
  const [status, setStatus] = useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload(e: FormEvent) {
    e.preventDefault();
    if (files.length === 0 || fileProblem(files)) return;
    setBusy(true);
    setStatus(null);
    try {
      const q = extra.phone4 ? `?phone4=${enc(extra.phone4)}` : '';
      await api.upload(`${base}/attachments${q}`, files);
      setStatus({ text: t('files.uploaded', { n: files.length }), ok: true });
      setFiles([]);
      // The timeline shows the new entry.
      onChange(await api.get<PatientView>(`${base}${q}`));
    } catch (err) {
      setStatus({ text: t(errorKey(err)), ok: false });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" onSubmit={upload} aria-labelledby="files-heading">
      <h2 id="files-heading">{t('files.heading')}</h2>
      <AttachmentPicker files={files} onChange={setFiles} />
      <p role="status" className={status?.ok ? 'ok' : 'error'}>
        {status?.text ?? ''}
      </p>
      <button className="primary big" type="submit" disabled={busy || files.length === 0}>
        {t('files.upload')}
      </button>
    </form>
  );
}
