import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey, Translate } from '../i18n/i18n.ts';
import { ErrorText, SavedText, useAction, useAdminData } from './admin-ui.tsx';
import {
  bodyFrom,
  draftFrom,
  invalidTargets,
  type PolicyDraft,
  type PolicyVersion,
  TARGET_UNITS,
  type Target,
  type TargetUnit,
  targetFields,
} from './sla-form.ts';

interface VersionsAnswer {
  items: PolicyVersion[];
  levels: number[];
  units: TargetUnit[];
  amountMax: Record<TargetUnit, number>;
}

const UNIT_WORD: Record<TargetUnit, MessageKey> = {
  calendar_minutes: 'admin.sla.unit.calendar_minutes',
  working_minutes: 'admin.sla.unit.working_minutes',
  working_days: 'admin.sla.unit.working_days',
};
const STATE_WORD: Record<PolicyVersion['state'], MessageKey> = {
  current: 'admin.sla.state.current',
  scheduled: 'admin.sla.state.scheduled',
  superseded: 'admin.sla.state.superseded',
};

/** The seeded first version applies to every ticket, however old: its start is not a date worth showing. */
const FROM_THE_START_MS = Date.UTC(1971, 0, 1);

/** One of a unit reads differently in English ("1 working day"); Chinese uses the same word. */
const UNIT_WORD_ONE: Record<TargetUnit, MessageKey> = {
  calendar_minutes: 'admin.sla.unitOne.calendar_minutes',
  working_minutes: 'admin.sla.unitOne.working_minutes',
  working_days: 'admin.sla.unitOne.working_days',
};

function targetText(t: Translate, target: Target): string {
  const unit = t((target.amount === 1 ? UNIT_WORD_ONE : UNIT_WORD)[target.unit]);
  return t('admin.sla.amount', { amount: target.amount, unit });
}

/** The words for a target field: "二级 · 办结", "VIP 首次回复上限". */
function fieldLabel(t: Translate, field: string): string {
  const [head, level, which] = field.split('.');
  if (head === 'levels') {
    return t('admin.sla.levelTarget', {
      level: t('admin.sla.level', { n: level ?? '' }),
      target: which === 'firstResponse' ? t('sla.firstResponse') : t('sla.resolution'),
    });
  }
  if (field === 'vipFirstResponseCap') return t('admin.sla.vipCap');
  if (field === 'complexResolution') return t('admin.sla.complex');
  return t('admin.sla.multiDepartment');
}

/**
 * The SLA policy: the version in force and the history, and a form for the next version. Publishing never
 * changes a stored version: tickets already received keep the version they were timed with.
 */
export function SlaPolicyPage() {
  const { t, dateTime, timeZone, zone } = useI18n();
  const versions = useAdminData<VersionsAnswer>('/api/v1/admin/sla-policy/versions');
  const data = versions.data;
  const startText = (iso: string) =>
    Date.parse(iso) < FROM_THE_START_MS ? t('admin.sla.fromTheStart') : dateTime(iso);
  const newest = data?.items.reduce<PolicyVersion | null>(
    (a, b) => (a === null || b.version > a.version ? b : a),
    null,
  );
  const current = data?.items.find((v) => v.state === 'current') ?? null;
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [checked, setChecked] = useState<string[]>([]);
  const action = useAction();

  // A fresh draft from the newest version whenever the list changes (after publishing, or a reload).
  useEffect(() => {
    if (data && newest) setDraft(draftFrom(newest, data.levels));
  }, [data, newest]);

  async function publish(e: FormEvent) {
    e.preventDefault();
    if (!data || !newest || !draft) return;
    const bad = invalidTargets(draft, data.amountMax);
    setChecked(bad);
    if (bad.length > 0) {
      action.setError(null);
      document.getElementById(`sla-${bad[0]}-amount`)?.focus();
      return;
    }
    const ok = await action.run(async () => {
      const r = await api
        .post<{ version: PolicyVersion }>(
          '/api/v1/admin/sla-policy/versions',
          bodyFrom(draft, newest.version, timeZone),
        )
        .catch(async (err: unknown) => {
          // Someone published meanwhile: show their version (the draft restarts from it) and say so.
          if (err instanceof ApiError && err.code === 'SLA_POLICY_CHANGED') await versions.reload();
          throw err;
        });
      return t('admin.sla.published', { version: r.version.version, at: dateTime(r.version.activeFrom) });
    });
    if (ok) await versions.reload();
  }

  const serverField = action.error?.field;
  const invalid = (field: string) => checked.includes(field) || serverField === field || undefined;
  const setTarget = (field: string, change: Partial<PolicyDraft['targets'][string]>) =>
    setDraft((d) =>
      d ? { ...d, targets: { ...d.targets, [field]: { ...d.targets[field]!, ...change } } } : d,
    );

  const labels = Object.fromEntries(
    (data ? targetFields(data.levels) : []).map((f) => [f, fieldLabel(t, f)]),
  );
  labels.flaggedLevels = t('admin.sla.flaggedLevels');
  labels.activeFrom = t('admin.sla.start');
  labels.levels = t('admin.sla.targets');

  const targetInput = (field: string) => {
    const value = draft?.targets[field];
    if (!value || !data) return null;
    const id = `sla-${field}`;
    return (
      <fieldset key={field} className="target">
        <legend>{fieldLabel(t, field)}</legend>
        <div className="field amount">
          <label htmlFor={`${id}-amount`}>{t('admin.sla.amountLabel')}</label>
          <input
            id={`${id}-amount`}
            inputMode="numeric"
            required
            value={value.amount}
            aria-invalid={invalid(field)}
            aria-describedby={invalid(field) ? 'sla-check' : undefined}
            onChange={(e) => setTarget(field, { amount: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-unit`}>{t('admin.sla.unitLabel')}</label>
          <select
            id={`${id}-unit`}
            value={value.unit}
            onChange={(e) => setTarget(field, { unit: e.target.value as TargetUnit })}
          >
            {TARGET_UNITS.map((u) => (
              <option key={u} value={u}>
                {t(UNIT_WORD[u])}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
    );
  };

  return (
    <section className="stack" aria-labelledby="sla-heading">
      <h1 id="sla-heading">{t('admin.sla.heading')}</h1>
      <p className="muted">{t('admin.sla.intro')}</p>
      <ErrorText error={versions.error} />
      {data && (
        <div className="admin-grid">
          <div className="stack">
            {current && (
              <div className="card table-wrap stack" data-testid="sla-current">
                <h2>{t('admin.sla.currentHeading', { version: current.version })}</h2>
                <p>
                  {Date.parse(current.activeFrom) < FROM_THE_START_MS
                    ? t('admin.sla.fromTheStart')
                    : t('admin.sla.since', { at: dateTime(current.activeFrom), zone })}
                </p>
                <table className="queue">
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.sla.levelColumn')}</th>
                      <th scope="col">{t('sla.firstResponse')}</th>
                      <th scope="col">{t('sla.resolution')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.levels.map((l) => {
                      const targets = current.levels[String(l)];
                      return (
                        <tr key={l}>
                          <th scope="row">{t('admin.sla.level', { n: l })}</th>
                          <td>{targets ? targetText(t, targets.firstResponse) : '—'}</td>
                          <td>{targets ? targetText(t, targets.resolution) : '—'}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <ul>
                  {(['vipFirstResponseCap', 'complexResolution', 'multiDepartmentResolution'] as const).map(
                    (f) => (
                      <li key={f}>
                        {t('admin.labelValue', { label: fieldLabel(t, f), value: targetText(t, current[f]) })}
                      </li>
                    ),
                  )}
                  <li>
                    {t('admin.labelValue', {
                      label: t('admin.sla.flaggedLevels'),
                      value:
                        current.flaggedLevels
                          .map((l) => t('admin.sla.level', { n: l }))
                          .join(t('admin.listSeparator')) || t('admin.none'),
                    })}
                  </li>
                </ul>
              </div>
            )}
            <div className="card table-wrap stack">
              <h2>{t('admin.sla.history')}</h2>
              <table className="queue" data-testid="sla-versions">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.sla.version')}</th>
                    <th scope="col">{t('admin.sla.stateColumn')}</th>
                    <th scope="col">{t('admin.sla.startsAt')}</th>
                    <th scope="col">{t('admin.sla.publishedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((v) => (
                    <tr key={`${v.id}-${v.version}`} data-version={v.version}>
                      <td>{t('admin.sla.versionN', { version: v.version })}</td>
                      <td>{t(STATE_WORD[v.state])}</td>
                      <td>{startText(v.activeFrom)}</td>
                      <td>{dateTime(v.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {draft && newest && (
            <form className="card stack" onSubmit={publish} aria-labelledby="sla-new" noValidate>
              <h2 id="sla-new">{t('admin.sla.newHeading', { version: newest.version + 1 })}</h2>
              <p className="muted">{t('admin.sla.newIntro', { version: newest.version })}</p>
              {targetFields(data.levels).map(targetInput)}
              <fieldset>
                <legend>{t('admin.sla.flaggedLevels')}</legend>
                <p className="hint">{t('admin.sla.flaggedHint')}</p>
                <div className="actions">
                  {data.levels.map((l) => (
                    <div key={l} className="field check">
                      <input
                        id={`sla-flag-${l}`}
                        type="checkbox"
                        checked={draft.flaggedLevels.includes(l)}
                        onChange={(e) =>
                          setDraft({
                            ...draft,
                            flaggedLevels: e.target.checked
                              ? [...draft.flaggedLevels, l]
                              : draft.flaggedLevels.filter((x) => x !== l),
                          })
                        }
                      />
                      <label htmlFor={`sla-flag-${l}`}>{t('admin.sla.level', { n: l })}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
              <div className="field">
                <label htmlFor="sla-start">{t('admin.sla.start')}</label>
                <input
                  id="sla-start"
                  type="date"
                  value={draft.startDate}
                  aria-describedby="sla-start-hint"
                  aria-invalid={serverField === 'activeFrom' || undefined}
                  onChange={(e) => setDraft({ ...draft, startDate: e.target.value })}
                />
                <p className="hint" id="sla-start-hint">
                  {t('admin.sla.startHint', { zone })}
                </p>
              </div>
              {checked.length > 0 && (
                <p className="error" role="alert" id="sla-check">
                  {t('admin.sla.checkAmounts', {
                    fields: checked.map((f) => fieldLabel(t, f)).join(t('admin.listSeparator')),
                  })}
                </p>
              )}
              <ErrorText error={action.error} labels={labels} />
              <SavedText text={action.saved} />
              <button className="primary" type="submit" disabled={action.busy}>
                {t('admin.sla.publish')}
              </button>
            </form>
          )}
        </div>
      )}
    </section>
  );
}
