import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, api, enc, type StaffEvent, type StaffUser, type TicketDetail } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey, Translate } from '../i18n/i18n.ts';
import { Link } from '../router.tsx';
import { CATEGORIES, KINDS, LEVELS } from './queue-views.ts';
import { SlaBadge } from './SlaBadge.tsx';
import { readDeadlines } from './sla-countdown.ts';
import { type StaffEntry, staffLabel } from './staff-names.ts';
import { categoryWord, channelWord, kindWord, levelWord, statusWord } from './staff-words.ts';
import { useDepartmentName, useDepartments } from './use-departments.ts';
import { useNow } from './use-now.ts';
import { useStaffDirectory } from './use-staff-directory.ts';

interface TicketResponse {
  ticket: TicketDetail;
  timeline: StaffEvent[];
}

const FINAL = new Set(['closed', 'resolved_on_spot', 'withdrawn', 'duplicate']);

const errorKey = (err: unknown): MessageKey => {
  if (!(err instanceof ApiError)) return 'app.error';
  if (err.code === 'TICKET_VERSION_CONFLICT') return 'ticket.conflict';
  if (err.field === 'reason') return 'ticket.needReason';
  if (err.status === 409) return 'ticket.notAllowed';
  return 'app.error';
};

export function TicketPage({
  ticketNo,
  liveTick,
  me,
}: {
  ticketNo: string;
  liveTick: number;
  me: StaffUser;
}) {
  const { t } = useI18n();
  const directory = useStaffDirectory();
  /** A colleague by name ("you" in words for the viewer); "unassigned" for nobody. */
  const person: Person = (id) => {
    const label = staffLabel(directory, id, me.id);
    if (!label) return t('ticket.unassigned');
    return label.isMe ? t('staff.nameYou', { name: label.name }) : label.name;
  };
  const [data, setData] = useState<TicketResponse | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await api.get<TicketResponse>(`/api/v1/tickets/${enc(ticketNo)}`));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? 'app.notFound' : 'app.error');
    }
  }, [ticketNo]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a live event about any ticket reloads this one
  useEffect(() => {
    void load();
  }, [load, liveTick]);

  if (error && !data)
    return (
      <p className="error" role="alert">
        {t(error)}
      </p>
    );
  if (!data) return <p>{t('app.loading')}</p>;

  const { ticket, timeline } = data;
  /** Every write sends the version it saw: a colleague's change in between is refused, not overwritten. */
  const act: Act = async (path, body, versioned = true) => {
    try {
      return await api.post<{ ticket: TicketDetail }>(`/api/v1/tickets/${enc(ticketNo)}/${path}`, {
        ...body,
        // Assignment and tasks are not versioned on the server; they never overwrite a status change.
        ...(versioned ? { expectedVersion: ticket.version } : {}),
      });
    } finally {
      // Also after a refusal: the page then shows what the colleague changed.
      await load();
    }
  };

  return (
    <>
      <p>
        <Link href="/staff">← {t('ticket.back')}</Link>
      </p>
      <h1>
        {t('ticket.heading', { no: ticket.ticketNo })} · {statusWord(t, ticket.status)} ·{' '}
        <span className={ticket.level === 1 ? 'level-1' : undefined}>
          {levelWord(t, ticket.level, 'level.none')}
        </span>
      </h1>
      <div className="ticket-grid">
        <div className="stack">
          <section className="card" aria-labelledby="tk-text">
            <h2 id="tk-text">{t('ticket.text')}</h2>
            <p className="said">{ticket.text}</p>
          </section>
          <Facts ticket={ticket} person={person} />
          <Deadlines ticket={ticket} />
          <Timeline timeline={timeline} directory={directory} />
        </div>
        <div className="stack">
          <Triage key={ticket.version} ticket={ticket} timeline={timeline} act={act} />
          {!FINAL.has(ticket.status) && <Handling act={act} />}
          {FINAL.has(ticket.status) ? (
            <p className="card">{t('ticket.final')}</p>
          ) : (
            <Actions key={ticket.status} ticket={ticket} act={act} />
          )}
        </div>
      </div>
    </>
  );
}

type Act = (path: string, body: Record<string, unknown>, versioned?: boolean) => Promise<unknown>;
type Person = (id: number | null | undefined) => string;

interface FullContact {
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

function Facts({ ticket, person }: { ticket: TicketDetail; person: Person }) {
  const { t, lang, dateTime, zone } = useI18n();
  const departmentName = useDepartmentName(lang);
  const [full, setFull] = useState<FullContact | null>(null);
  const [revealFailed, setRevealFailed] = useState(false);
  const reveal = () =>
    api.post<{ contact: FullContact }>(`/api/v1/tickets/${enc(ticket.ticketNo)}/reveal-contact`).then(
      (r) => setFull(r.contact),
      () => setRevealFailed(true),
    );
  const masked = !ticket.anonymous && Boolean(ticket.contactPhone || ticket.contactEmail);
  const contact = full
    ? [full.contactName, full.contactPhone, full.contactEmail].filter(Boolean).join(' · ')
    : ticket.anonymous
      ? t('ticket.anonymous')
      : [ticket.contactName, ticket.contactPhone && `${ticket.contactPhone} ${t('ticket.contactMasked')}`]
          .filter(Boolean)
          .join(' · ') || t('ticket.noContact');
  return (
    <section className="card" aria-labelledby="tk-facts">
      <h2 id="tk-facts">{t('ticket.facts')}</h2>
      <dl className="facts">
        <dt>{t('ticket.received')}</dt>
        <dd>
          {dateTime(ticket.receivedAt)} <small className="muted">{zone}</small>
        </dd>
        <dt>{t('ticket.channel')}</dt>
        <dd>{channelWord(t, ticket.channel)}</dd>
        <dt>{t('ticket.contact')}</dt>
        <dd data-testid="contact">
          {contact}
          {masked && !full && (
            <>
              {' '}
              <button type="button" onClick={reveal}>
                {t('ticket.reveal')}
              </button>
            </>
          )}
          {revealFailed && <span className="error"> {t('app.error')}</span>}
        </dd>
        <dt>{t('ticket.owner')}</dt>
        <dd data-testid="owner">{person(ticket.ownerId)}</dd>
        <dt>{t('ticket.assignee')}</dt>
        <dd data-testid="assignee">{person(ticket.assigneeId)}</dd>
        <dt>{t('ticket.department')}</dt>
        <dd>{departmentName(ticket.departmentId) ?? t('ticket.unassigned')}</dd>
      </dl>
      {ticket.reopenCount > 0 && <p className="error">{t('ticket.reopened', { n: ticket.reopenCount })}</p>}
    </section>
  );
}

function Deadlines({ ticket }: { ticket: TicketDetail }) {
  const { t, dateTime, zone } = useI18n();
  const now = useNow();
  const deadlines = readDeadlines(ticket);
  return (
    <section className="card" aria-labelledby="tk-deadlines">
      <h2 id="tk-deadlines">{t('ticket.deadlines')}</h2>
      {deadlines.length === 0 ? (
        <p className="muted">{t('ticket.noDeadlines')}</p>
      ) : (
        <ul>
          {deadlines.map((d) => (
            <li key={d.target}>
              <strong>{t(d.target === 'firstResponse' ? 'sla.firstResponse' : 'sla.resolution')}</strong>{' '}
              {d.dueAt && t('sla.due', { at: `${dateTime(d.dueAt)} ${zone}` })}{' '}
              {d.met ? t('sla.met') : <SlaBadge deadline={d} receivedAt={ticket.receivedAt} now={now} />}
              {d.explanation && <p className="muted">{d.explanation}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function eventTitle(e: StaffEvent, t: Translate): string {
  const p = e.payload;
  switch (e.type) {
    case 'status_changed':
      return t('event.status_changed', {
        from: statusWord(t, String(p.from)),
        to: statusWord(t, String(p.to)),
      });
    case 'triaged':
    case 'triage_corrected':
      return t(`event.${e.type}`, {
        summary: [
          levelWord(t, p.level as number),
          kindWord(t, p.kind as string),
          categoryWord(t, p.category as string),
        ].join(' · '),
      });
    default: {
      const key = `event.${e.type}` as MessageKey;
      return t(key) ?? t('event.other', { type: e.type });
    }
  }
}

function actorWord(e: StaffEvent, t: Translate, directory: ReadonlyMap<number, StaffEntry>): string {
  if (e.actorType === 'staff') {
    const name = e.actorId === null ? undefined : directory.get(e.actorId)?.displayName;
    return name ?? t('actor.staff', { id: e.actorId ?? '?' });
  }
  return e.actorType === 'patient' ? t('actor.patient') : t('actor.system');
}

function Timeline({
  timeline,
  directory,
}: {
  timeline: StaffEvent[];
  directory: ReadonlyMap<number, StaffEntry>;
}) {
  const { t, dateTime, zone } = useI18n();
  return (
    <section className="card" aria-labelledby="tk-timeline">
      <h2 id="tk-timeline">{t('ticket.timeline')}</h2>
      <p className="muted">
        <small>{t('app.timeZoneNote', { zone })}</small>
      </p>
      <ol className="timeline" data-testid="staff-timeline">
        {[...timeline].reverse().map((e, i) => {
          const internal = e.visibility === 'internal';
          const text = [e.payload.text, e.payload.comment, e.payload.reason, e.payload.rootCause].find(
            (v): v is string => typeof v === 'string',
          );
          return (
            <li key={e.seq ?? i} className={internal ? 'internal' : 'patient'}>
              <time dateTime={e.at}>{dateTime(e.at)}</time>
              <strong>{eventTitle(e, t)}</strong> <span className="muted">{actorWord(e, t, directory)}</span>
              <span className={`visibility ${internal ? 'is-internal' : 'is-patient'}`}>
                {internal ? t('ticket.visibleInternal') : t('ticket.visiblePatient')}
              </span>
              {text && <p className="said">{text}</p>}
              {Array.isArray(e.payload.reasons) && <p className="muted">{e.payload.reasons.join('；')}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function useSubmit(run: () => Promise<unknown>, onDone?: () => void) {
  const [state, setState] = useState<{ busy: boolean; message: MessageKey | null; ok: boolean }>({
    busy: false,
    message: null,
    ok: false,
  });
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setState({ busy: true, message: null, ok: false });
    try {
      await run();
      setState({ busy: false, message: 'ticket.done', ok: true });
      onDone?.();
    } catch (err) {
      setState({ busy: false, message: errorKey(err), ok: false });
    }
  };
  return { ...state, submit };
}

function Status({ message, ok }: { message: MessageKey | null; ok: boolean }) {
  const { t } = useI18n();
  return (
    <p role="status" className={ok ? 'ok' : 'error'}>
      {message ? t(message) : ''}
    </p>
  );
}

function Triage({ ticket, timeline, act }: { ticket: TicketDetail; timeline: StaffEvent[]; act: Act }) {
  const { t } = useI18n();
  const [kind, setKind] = useState(ticket.kind ?? 'complaint');
  const [category, setCategory] = useState(ticket.category ?? 'other');
  const [level, setLevel] = useState(String(ticket.level ?? 3));
  const s = useSubmit(() => act('triage', { kind, category, level: Number(level) }));
  const auto = [...timeline].reverse().find((e) => e.type === 'triaged');
  const reasons = Array.isArray(auto?.payload.reasons) ? (auto.payload.reasons as string[]) : [];

  const select = (id: string, label: string, value: string, set: (v: string) => void, options: ReactNode) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        {options}
      </select>
    </div>
  );

  return (
    <form className="card stack" onSubmit={s.submit} aria-labelledby="tk-triage">
      <h2 id="tk-triage">{t('ticket.triage')}</h2>
      {reasons.length > 0 && (
        <div>
          <strong>{t('ticket.triageReasons')}</strong>
          <ul>
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="row">
        {select(
          'tr-level',
          t('queue.col.level'),
          level,
          setLevel,
          LEVELS.map((l) => (
            <option key={l} value={String(l)}>
              {levelWord(t, l)}
            </option>
          )),
        )}
        {select(
          'tr-kind',
          t('queue.col.kind'),
          kind,
          setKind,
          KINDS.map((k) => (
            <option key={k} value={k}>
              {kindWord(t, k)}
            </option>
          )),
        )}
        {select(
          'tr-category',
          t('queue.col.category'),
          category,
          setCategory,
          CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryWord(t, c)}
            </option>
          )),
        )}
      </div>
      <button type="submit" className="primary" disabled={s.busy}>
        {t('ticket.triageSave')}
      </button>
      <Status message={s.ok ? 'ticket.triageSaved' : s.message} ok={s.ok} />
    </form>
  );
}

function TextAction(props: {
  id: string;
  label: MessageKey;
  button: MessageKey;
  run: (text: string) => Promise<unknown>;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const s = useSubmit(
    () => props.run(text.trim()),
    () => setText(''),
  );
  return (
    <form className="stack" onSubmit={s.submit}>
      <div className="field">
        <label htmlFor={props.id}>{t(props.label)}</label>
        <textarea id={props.id} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {props.extra}
      <button type="submit" className="primary" disabled={s.busy || !text.trim()}>
        {t(props.button)}
      </button>
      <Status message={s.message} ok={s.ok} />
    </form>
  );
}

const TRANSITIONS = ['start', 'pause', 'resume', 'resolve_on_spot', 'withdraw', 'mark_duplicate'] as const;
type Transition = (typeof TRANSITIONS)[number];
const NEEDS_REASON: ReadonlySet<Transition> = new Set(['pause', 'resolve_on_spot', 'withdraw']);

function Actions({ ticket, act }: { ticket: TicketDetail; act: Act }) {
  const { t } = useI18n();
  const [rootCause, setRootCause] = useState('');
  const [reason, setReason] = useState('');
  const [originalNo, setOriginalNo] = useState('');
  const [transition, setTransition] = useState<Transition>(
    ticket.status === 'pending_patient' ? 'resume' : 'start',
  );
  const [missing, setMissing] = useState<MessageKey | null>(null);
  const s = useSubmit(
    () =>
      act('transition', {
        action: transition,
        ...(NEEDS_REASON.has(transition) ? { reason: reason.trim() } : {}),
        ...(transition === 'mark_duplicate' ? { originalNo: originalNo.trim() } : {}),
      }),
    () => setReason(''),
  );

  function change(e: FormEvent) {
    e.preventDefault();
    if (NEEDS_REASON.has(transition) && !reason.trim()) return setMissing('ticket.needReason');
    if (transition === 'mark_duplicate' && !originalNo.trim()) return setMissing('ticket.needOriginal');
    setMissing(null);
    void s.submit();
  }

  return (
    <section className="card stack" aria-labelledby="tk-actions">
      <h2 id="tk-actions">{t('ticket.actions')}</h2>
      <h3>{t('ticket.reply')}</h3>
      <TextAction
        id="ac-reply"
        label="ticket.reply"
        button="ticket.replySend"
        run={(text) => act('reply', { text })}
      />
      <h3>{t('ticket.note')}</h3>
      <TextAction
        id="ac-note"
        label="ticket.note"
        button="ticket.noteSend"
        run={(text) => act('notes', { text })}
      />
      <h3>{t('ticket.propose')}</h3>
      <TextAction
        id="ac-propose"
        label="ticket.proposeText"
        button="ticket.proposeSend"
        run={(text) =>
          act('propose-resolution', { text, ...(rootCause.trim() ? { rootCause: rootCause.trim() } : {}) })
        }
        extra={
          <div className="field">
            <label htmlFor="ac-root">{t('ticket.rootCause')}</label>
            <input
              id="ac-root"
              value={rootCause}
              maxLength={200}
              onChange={(e) => setRootCause(e.target.value)}
            />
          </div>
        }
      />
      <form className="stack" onSubmit={change}>
        <h3>{t('ticket.transition')}</h3>
        <div className="field">
          <label htmlFor="ac-transition">{t('ticket.transition')}</label>
          <select
            id="ac-transition"
            value={transition}
            onChange={(e) => setTransition(e.target.value as Transition)}
          >
            {TRANSITIONS.map((a) => (
              <option key={a} value={a}>
                {t(`ticket.action.${a}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        {NEEDS_REASON.has(transition) && (
          <div className="field">
            <label htmlFor="ac-reason">{t('ticket.reason')}</label>
            <textarea id="ac-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        )}
        {transition === 'mark_duplicate' && (
          <div className="field">
            <label htmlFor="ac-original">{t('ticket.originalNo')}</label>
            <input
              id="ac-original"
              placeholder="2026-000001"
              value={originalNo}
              onChange={(e) => setOriginalNo(e.target.value)}
            />
          </div>
        )}
        <button type="submit" disabled={s.busy}>
          {t(`ticket.action.${transition}` as MessageKey)}
        </button>
        <Status message={missing ?? s.message} ok={!missing && s.ok} />
      </form>
    </section>
  );
}

const TASK_DUE_HOURS = [4, 24, 72] as const;

/** Claim, transfer to a department (with a reason), and department tasks (科室反馈) with a due time. */
function Handling({ act }: { act: Act }) {
  const { t, lang } = useI18n();
  const departments = useDepartments(lang);
  const [reason, setReason] = useState('');
  const [transferTo, setTransferTo] = useState('');
  const [taskDepartment, setTaskDepartment] = useState('');
  const [question, setQuestion] = useState('');
  const [dueHours, setDueHours] = useState<number>(24);
  const withReason = () => (reason.trim() ? { reason: reason.trim() } : {});
  const claim = useSubmit(
    () => act('claim', withReason(), false),
    () => setReason(''),
  );
  const transfer = useSubmit(
    () => act('transfer', { departmentId: Number(transferTo), ...withReason() }, false),
    () => setReason(''),
  );
  const task = useSubmit(
    () =>
      act(
        'tasks',
        {
          departmentId: Number(taskDepartment),
          question: question.trim(),
          dueAt: new Date(Date.now() + dueHours * 3_600_000).toISOString(),
        },
        false,
      ),
    () => setQuestion(''),
  );
  const options = departments.list.map((d) => (
    <option key={d.id} value={String(d.id)}>
      {d.label}
    </option>
  ));

  return (
    <section className="card stack" aria-labelledby="tk-handling">
      <h2 id="tk-handling">{t('ticket.handling')}</h2>
      {/* Whoever changes who handles a ticket says why: the reason goes on the timeline. */}
      <div className="field">
        <label htmlFor="ho-reason">{t('ticket.reason')}</label>
        <input id="ho-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="button" onClick={() => claim.submit()} disabled={claim.busy}>
        {t('ticket.claim')}
      </button>
      <Status message={claim.message} ok={claim.ok} />
      <form className="stack" onSubmit={transfer.submit}>
        <div className="field">
          <label htmlFor="ho-dept">{t('ticket.transferTo')}</label>
          <select id="ho-dept" value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
            <option value="">—</option>
            {options}
          </select>
        </div>
        <button type="submit" disabled={transfer.busy || !transferTo}>
          {t('ticket.transfer')}
        </button>
        <Status message={transfer.message} ok={transfer.ok} />
      </form>
      <form className="stack" onSubmit={task.submit}>
        <h3>{t('ticket.taskHeading')}</h3>
        <div className="row">
          <div className="field">
            <label htmlFor="ho-task-dept">{t('ticket.taskDepartment')}</label>
            <select
              id="ho-task-dept"
              value={taskDepartment}
              onChange={(e) => setTaskDepartment(e.target.value)}
            >
              <option value="">—</option>
              {options}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ho-task-due">{t('ticket.taskDue')}</label>
            <select
              id="ho-task-due"
              value={String(dueHours)}
              onChange={(e) => setDueHours(Number(e.target.value))}
            >
              {TASK_DUE_HOURS.map((h) => (
                <option key={h} value={String(h)}>
                  {t('ticket.taskDueHours', { h })}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="ho-task-q">{t('ticket.taskQuestion')}</label>
          <textarea id="ho-task-q" rows={2} value={question} onChange={(e) => setQuestion(e.target.value)} />
        </div>
        <button type="submit" disabled={task.busy || !taskDepartment || !question.trim()}>
          {t('ticket.taskSend')}
        </button>
        <Status message={task.message} ok={task.ok} />
      </form>
    </section>
  );
}
