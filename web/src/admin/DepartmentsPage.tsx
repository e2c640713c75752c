import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Translate } from '../i18n/i18n.ts';
import { ErrorText, Field, SavedText, useAction, useAdminData } from './admin-ui.tsx';
import type { CalendarSummary } from './calendar-view.ts';

export interface Department {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  /** The working calendar of its deadlines; null = the default calendar. */
  calendarId: string | null;
  /** False: routing sends it no new tickets; it keeps those it holds. */
  active: boolean;
}

/** The calendars CareLoop ships have names in both languages; an institution's own keep theirs. */
function calendarName(t: Translate, calendars: readonly CalendarSummary[], id: string | null): string {
  if (id === null) return t('admin.departments.defaultCalendar');
  if (id === 'cn-mainland') return t('admin.calendars.cnMainland');
  if (id === 'weekends') return t('admin.calendars.weekends');
  return calendars.find((c) => c.id === id)?.name ?? id;
}

/**
 * Departments tickets are routed to: add one, rename it, choose its working calendar (with admin.settings,
 * which the calendar API needs), deactivate or reactivate it. The code stays; nothing is deleted.
 */
export function DepartmentsPage({ canSetCalendar }: { canSetCalendar: boolean }) {
  const { t } = useI18n();
  const { data, error, reload } = useAdminData<{ items: Department[] }>('/api/v1/admin/departments');
  const [calendars, setCalendars] = useState<CalendarSummary[]>([]);
  const [editing, setEditing] = useState<Department | null>(null);
  // The editor closes on save, so its confirmation is said here; kept as a name, worded at render time so
  // a language switch does not leave it in the other language.
  const [savedName, setSavedName] = useState<string | null>(null);
  const toggle = useAction();

  useEffect(() => {
    if (!canSetCalendar) return;
    // The names for the calendar column and select; without them the page still works, showing ids.
    api.get<{ items: CalendarSummary[] }>('/api/v1/admin/calendars').then(
      (r) => setCalendars(r.items),
      () => setCalendars([]),
    );
  }, [canSetCalendar]);

  async function setActive(d: Department, active: boolean) {
    const question = active ? 'admin.departments.confirmReactivate' : 'admin.departments.confirmDeactivate';
    if (!window.confirm(t(question, { name: d.name }))) return;
    setSavedName(null);
    const ok = await toggle.run(
      async () => {
        await api.patch(`/api/v1/admin/departments/${d.id}`, { active });
      },
      t(active ? 'admin.departments.reactivated' : 'admin.departments.deactivated', { name: d.name }),
    );
    if (ok) {
      if (editing?.id === d.id) setEditing(null);
      await reload();
    }
  }

  return (
    <section className="stack" aria-labelledby="dep-heading">
      <h1 id="dep-heading">{t('admin.departments.heading')}</h1>
      <div className="admin-grid">
        <div className="card table-wrap">
          <ErrorText error={error} />
          <ErrorText error={toggle.error} />
          <SavedText
            text={
              toggle.saved ?? (savedName === null ? null : t('admin.departments.saved', { name: savedName }))
            }
          />
          {data && data.items.length === 0 && <p>{t('admin.departments.empty')}</p>}
          {data && data.items.length > 0 && (
            <table className="queue">
              <caption className="visually-hidden">{t('admin.departments.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.departments.code')}</th>
                  <th scope="col">{t('admin.departments.name')}</th>
                  <th scope="col">{t('admin.departments.nameEn')}</th>
                  <th scope="col">{t('admin.departments.calendar')}</th>
                  <th scope="col">{t('admin.departments.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((d) => (
                  <tr key={d.id} className={d.active ? undefined : 'inactive'} data-department={d.code}>
                    <td>
                      <code>{d.code}</code>
                    </td>
                    <td>{d.name}</td>
                    <td>{d.nameEn ?? '—'}</td>
                    <td>{calendarName(t, calendars, d.calendarId)}</td>
                    <td>{d.active ? t('admin.departments.active') : t('admin.departments.inactive')}</td>
                    <td>
                      <div className="row">
                        <button
                          type="button"
                          onClick={() => {
                            setSavedName(null);
                            setEditing(d);
                          }}
                          aria-label={t('admin.departments.editWho', { name: d.name })}
                        >
                          {t('admin.edit')}
                        </button>
                        <button
                          type="button"
                          disabled={toggle.busy}
                          onClick={() => void setActive(d, !d.active)}
                          aria-label={t(
                            d.active ? 'admin.departments.deactivateWho' : 'admin.departments.reactivateWho',
                            { name: d.name },
                          )}
                        >
                          {t(d.active ? 'admin.departments.deactivate' : 'admin.departments.reactivate')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {editing ? (
          <EditDepartment
            key={editing.id}
            department={editing}
            calendars={canSetCalendar ? calendars : null}
            onDone={async (name) => {
              setEditing(null);
              setSavedName(name);
              await reload();
            }}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <NewDepartment onCreated={reload} />
        )}
      </div>
    </section>
  );
}

function NewDepartment({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [nameEn, setNameEn] = useState('');
  const action = useAction();

  async function create(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      async () => {
        await api.post('/api/v1/workflow/departments', {
          code: code.trim(),
          name: name.trim(),
          ...(nameEn.trim() ? { nameEn: nameEn.trim() } : {}),
        });
      },
      t('admin.departments.created', { name: name.trim() }),
    );
    if (ok) {
      setCode('');
      setName('');
      setNameEn('');
      await onCreated();
    }
  }
  const codeTaken = action.error?.key === 'admin.error.departmentCodeTaken';
  const invalid = (field: string) =>
    action.error?.field === field || (field === 'code' && codeTaken) ? true : undefined;
  const labels = {
    code: t('admin.departments.code'),
    name: t('admin.departments.name'),
    nameEn: t('admin.departments.nameEnOptional'),
  };

  return (
    <form className="card stack" onSubmit={create} aria-labelledby="dep-new">
      <h2 id="dep-new">{t('admin.departments.new')}</h2>
      <Field id="dep-code" label={t('admin.departments.code')} hint={t('admin.departments.codeHint')}>
        <input
          id="dep-code"
          required
          maxLength={40}
          value={code}
          aria-describedby="dep-code-hint"
          aria-invalid={invalid('code')}
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
      <Field id="dep-name" label={t('admin.departments.name')}>
        <input
          id="dep-name"
          required
          maxLength={100}
          value={name}
          aria-invalid={invalid('name')}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field id="dep-name-en" label={t('admin.departments.nameEnOptional')}>
        <input
          id="dep-name-en"
          maxLength={100}
          value={nameEn}
          lang="en"
          onChange={(e) => setNameEn(e.target.value)}
        />
      </Field>
      <ErrorText error={action.error} labels={labels} />
      <SavedText text={action.saved} />
      <button className="primary" type="submit" disabled={action.busy}>
        {t('admin.departments.add')}
      </button>
    </form>
  );
}

/**
 * Names through PATCH /admin/departments/:id; the calendar through the calendar API's own endpoint
 * (admin.settings), offered only when `calendars` is given.
 */
function EditDepartment({
  department,
  calendars,
  onDone,
  onCancel,
}: {
  department: Department;
  calendars: readonly CalendarSummary[] | null;
  onDone: (name: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(department.name);
  const [nameEn, setNameEn] = useState(department.nameEn ?? '');
  const [calendarId, setCalendarId] = useState(department.calendarId ?? '');
  const action = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  // The form opens beside a long table: move the focus to it so keyboard and screen reader users follow.
  useEffect(() => heading.current?.focus(), []);

  async function save(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(async () => {
      const names = { name: name.trim(), nameEn: nameEn.trim() === '' ? null : nameEn.trim() };
      if (names.name !== department.name || names.nameEn !== department.nameEn) {
        await api.patch(`/api/v1/admin/departments/${department.id}`, names);
      }
      const chosen = calendarId === '' ? null : calendarId;
      if (calendars && chosen !== department.calendarId) {
        await api.put(`/api/v1/admin/departments/${department.id}/calendar`, {
          calendarId: chosen,
        });
      }
    });
    if (ok) await onDone(name.trim());
  }
  const labels = {
    name: t('admin.departments.name'),
    nameEn: t('admin.departments.nameEnOptional'),
    calendar: t('admin.departments.calendar'),
  };
  const invalid = (field: string) => (action.error?.field === field ? true : undefined);

  return (
    <form className="card stack" onSubmit={save} aria-labelledby="dep-edit">
      <h2 id="dep-edit" tabIndex={-1} ref={heading}>
        {t('admin.departments.editing', { code: department.code })}
      </h2>
      <p className="hint">{t('admin.departments.codeFixed')}</p>
      <Field id="de-name" label={labels.name}>
        <input
          id="de-name"
          required
          maxLength={100}
          value={name}
          aria-invalid={invalid('name')}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field id="de-name-en" label={labels.nameEn}>
        <input
          id="de-name-en"
          maxLength={100}
          value={nameEn}
          lang="en"
          aria-invalid={invalid('nameEn')}
          onChange={(e) => setNameEn(e.target.value)}
        />
      </Field>
      {calendars && (
        <Field id="de-calendar" label={labels.calendar} hint={t('admin.departments.calendarHint')}>
          <select
            id="de-calendar"
            value={calendarId}
            aria-describedby="de-calendar-hint"
            aria-invalid={invalid('calendar')}
            onChange={(e) => setCalendarId(e.target.value)}
          >
            <option value="">{t('admin.departments.defaultCalendar')}</option>
            {calendars.map((c) => (
              <option key={c.id} value={c.id}>
                {calendarName(t, calendars, c.id)}
              </option>
            ))}
            {/* A calendar the list no longer offers stays selectable rather than silently changing. */}
            {department.calendarId !== null && !calendars.some((c) => c.id === department.calendarId) && (
              <option value={department.calendarId}>{department.calendarId}</option>
            )}
          </select>
        </Field>
      )}
      <ErrorText error={action.error} labels={labels} />
      <div className="row">
        <button className="primary" type="submit" disabled={action.busy}>
          {t('admin.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}
