import { type ChangeEvent, type FormEvent, useEffect, useState } from 'react';
import { api, enc } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Translate } from '../i18n/i18n.ts';
import { DeleteButton, ErrorText, Field, SavedText, useAction, useAdminData } from './admin-ui.tsx';
import {
  type CalendarOverride,
  type CalendarSummary,
  overridesOfYear,
  readHolidayFile,
  yearChoices,
} from './calendar-view.ts';

/** The calendars CareLoop ships have names in both languages; an institution's own keep theirs. */
function calendarName(t: Translate, c: Pick<CalendarSummary, 'id' | 'name'>): string {
  if (c.id === 'cn-mainland') return t('admin.calendars.cnMainland');
  if (c.id === 'weekends') return t('admin.calendars.weekends');
  return c.name;
}

/**
 * Working calendars: the warning for years without holiday data, dated overrides (a hospital's own day
 * off, a make-up working day), and loading a year's holiday file.
 */
export function CalendarsPage() {
  const { t } = useI18n();
  const calendars = useAdminData<{ items: CalendarSummary[] }>('/api/v1/admin/calendars');
  const [calendarId, setCalendarId] = useState('cn-mainland');
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [overrides, setOverrides] = useState<CalendarOverride[] | null>(null);
  const items = calendars.data?.items ?? [];
  const calendar = items.find((c) => c.id === calendarId) ?? items[0];
  const loadAction = useAction();

  const shownId = calendar?.id;
  const loadOverrides = async () => {
    if (!shownId) return;
    await loadAction.run(async () => {
      const r = await api.get<{ items: CalendarOverride[] }>(
        `/api/v1/admin/calendars/${enc(shownId)}/overrides`,
      );
      setOverrides(r.items);
    });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the calendar shown changes
  useEffect(() => {
    void loadOverrides();
  }, [shownId]);

  const afterChange = async () => {
    await Promise.all([loadOverrides(), calendars.reload()]);
  };
  const years = calendar ? yearChoices(calendar, thisYear) : [thisYear];
  const separator = t('admin.listSeparator');

  return (
    <section className="stack" aria-labelledby="cal-heading">
      <h1 id="cal-heading">{t('admin.calendars.heading')}</h1>
      <p className="muted">{t('admin.calendars.intro')}</p>
      <ErrorText error={calendars.error} />
      {items
        .filter((c) => c.missingYears.length > 0)
        .map((c) => (
          <p key={c.id} className="warning" data-testid="calendar-warning">
            <span aria-hidden="true">⚠ </span>
            {t('admin.calendars.missingYears', {
              calendar: calendarName(t, c),
              years: c.missingYears.join(separator),
            })}
          </p>
        ))}
      {calendar && (
        <div className="card stack">
          <div className="row">
            <Field id="cal-id" label={t('admin.calendars.calendar')}>
              <select id="cal-id" value={calendar.id} onChange={(e) => setCalendarId(e.target.value)}>
                {items.map((c) => (
                  <option key={c.id} value={c.id}>
                    {calendarName(t, c)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="cal-year" label={t('admin.calendars.year')}>
              <select id="cal-year" value={String(year)} onChange={(e) => setYear(Number(e.target.value))}>
                {years.map((y) => (
                  <option key={y} value={String(y)}>
                    {y}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <p>
            {t('admin.calendars.facts', {
              zone: calendar.timeZone,
              years:
                calendar.coveredYears.length > 0 ? calendar.coveredYears.join(separator) : t('admin.none'),
            })}
          </p>
        </div>
      )}
      {calendar && (
        <div className="admin-grid">
          <OverrideList
            calendar={calendar}
            year={year}
            overrides={overrides ? overridesOfYear(overrides, year) : null}
            onChanged={afterChange}
            loadError={loadAction.error}
          />
          <div className="stack">
            <AddOverride calendar={calendar} year={year} onAdded={afterChange} />
            <ImportYear calendar={calendar} onImported={afterChange} />
          </div>
        </div>
      )}
    </section>
  );
}

function OverrideList({
  calendar,
  year,
  overrides,
  onChanged,
  loadError,
}: {
  calendar: CalendarSummary;
  year: number;
  overrides: CalendarOverride[] | null;
  onChanged: () => Promise<void>;
  loadError: ReturnType<typeof useAction>['error'];
}) {
  const { t } = useI18n();
  const [confirm, setConfirm] = useState<string | null>(null);
  const action = useAction();
  const base = `/api/v1/admin/calendars/${enc(calendar.id)}/overrides`;

  async function remove(date: string) {
    const ok = await action.run(
      async () => {
        await api.del(`${base}/${date}`);
      },
      t('admin.calendars.deleted', { date }),
    );
    setConfirm(null);
    if (ok) await onChanged();
  }
  async function toggle(o: CalendarOverride) {
    const kind = o.kind === 'off' ? 'working' : 'off';
    const ok = await action.run(
      async () => {
        await api.put(`${base}/${o.date}`, { kind, name: o.name });
      },
      t('admin.calendars.changed', { date: o.date }),
    );
    if (ok) await onChanged();
  }

  return (
    <div className="card table-wrap stack">
      <h2>{t('admin.calendars.overridesOf', { year })}</h2>
      <ErrorText error={loadError} />
      <ErrorText error={action.error} />
      <SavedText text={action.saved} />
      {overrides && overrides.length === 0 && <p>{t('admin.calendars.noOverrides')}</p>}
      {overrides && overrides.length > 0 && (
        <table className="queue" data-testid="overrides-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.calendars.date')}</th>
              <th scope="col">{t('admin.calendars.kind')}</th>
              <th scope="col">{t('admin.calendars.name')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {overrides.map((o) => (
              <tr key={o.date} data-date={o.date}>
                <td>{o.date}</td>
                <td>{o.kind === 'off' ? t('admin.calendars.kindOff') : t('admin.calendars.kindWorking')}</td>
                <td>{o.name}</td>
                <td>
                  <div className="actions">
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() => void toggle(o)}
                      aria-label={t(
                        o.kind === 'off' ? 'admin.calendars.makeWorkingOn' : 'admin.calendars.makeOffOn',
                        {
                          date: o.date,
                        },
                      )}
                    >
                      {o.kind === 'off' ? t('admin.calendars.makeWorking') : t('admin.calendars.makeOff')}
                    </button>
                    <DeleteButton
                      asking={confirm === o.date}
                      onAsk={() => setConfirm(o.date)}
                      onDelete={() => void remove(o.date)}
                      label={t('admin.calendars.deleteOn', { date: o.date })}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function AddOverride({
  calendar,
  year,
  onAdded,
}: {
  calendar: CalendarSummary;
  year: number;
  onAdded: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'off' | 'working'>('off');
  const [name, setName] = useState('');
  const action = useAction();
  const labels = {
    date: t('admin.calendars.date'),
    kind: t('admin.calendars.kind'),
    name: t('admin.calendars.name'),
  };
  const invalid = (field: string) =>
    action.error?.field === field ||
    (field === 'date' && action.error?.key === 'admin.error.overrideExists') ||
    undefined;

  async function add(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      async () => {
        await api.post(`/api/v1/admin/calendars/${enc(calendar.id)}/overrides`, {
          date,
          kind,
          name: name.trim(),
        });
      },
      t('admin.calendars.added', { date }),
    );
    if (ok) {
      setDate('');
      setName('');
      await onAdded();
    }
  }

  return (
    <form className="card stack" onSubmit={add} aria-labelledby="ov-new">
      <h2 id="ov-new">{t('admin.calendars.addHeading')}</h2>
      <Field id="ov-date" label={labels.date}>
        <input
          id="ov-date"
          type="date"
          required
          min={`${year - 1}-01-01`}
          value={date}
          aria-invalid={invalid('date')}
          onChange={(e) => setDate(e.target.value)}
        />
      </Field>
      <Field id="ov-kind" label={labels.kind}>
        <select id="ov-kind" value={kind} onChange={(e) => setKind(e.target.value as 'off' | 'working')}>
          <option value="off">{t('admin.calendars.kindOff')}</option>
          <option value="working">{t('admin.calendars.kindWorking')}</option>
        </select>
      </Field>
      <Field id="ov-name" label={labels.name} hint={t('admin.calendars.nameHint')}>
        <input
          id="ov-name"
          required
          maxLength={100}
          value={name}
          aria-describedby="ov-name-hint"
          aria-invalid={invalid('name')}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <ErrorText error={action.error} labels={labels} />
      <SavedText text={action.saved} />
      <button className="primary" type="submit" disabled={action.busy}>
        {t('admin.calendars.add')}
      </button>
    </form>
  );
}

function ImportYear({
  calendar,
  onImported,
}: {
  calendar: CalendarSummary;
  onImported: () => Promise<void>;
}) {
  const { t } = useI18n();
  const action = useAction();

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const input = e.target;
    const file = input.files?.[0];
    if (!file) return;
    const read = readHolidayFile(await file.text());
    input.value = '';
    if (!read.ok) {
      action.setError({ key: 'admin.error.importNotJson' });
      return;
    }
    const ok = await action.run(async () => {
      const r = await api.post<{ year: number; days: number }>(
        `/api/v1/admin/calendars/${enc(calendar.id)}/import`,
        read.body,
      );
      // The words of success name what the server loaded, not what the file claimed.
      return t('admin.calendars.imported', { year: r.year, days: r.days });
    });
    if (ok) await onImported();
  }

  return (
    <div className="card stack">
      <h2 id="ov-import">{t('admin.calendars.importHeading')}</h2>
      <p className="muted" id="ov-import-hint">
        {t('admin.calendars.importHint')}
      </p>
      {/* The browser's own file button speaks the browser's language; ours speaks the page's. */}
      <div className="file-pick">
        <input
          id="ov-file"
          className="visually-hidden"
          type="file"
          accept=".json,application/json"
          aria-describedby="ov-import-hint"
          disabled={action.busy}
          onChange={(e) => void pick(e)}
        />
        <label className="button" htmlFor="ov-file">
          {t('admin.calendars.importFile')}
        </label>
      </div>
      <ErrorText error={action.error} />
      <SavedText text={action.saved} />
    </div>
  );
}
