import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { CATEGORIES, KINDS } from '../staff/queue-views.ts';
import { categoryWord, channelWord, kindWord } from '../staff/staff-words.ts';
import { DeleteButton, ErrorText, Field, SavedText, useAction, useAdminData } from './admin-ui.tsx';
import { parseKeywords } from './api-errors.ts';
import type { Department } from './DepartmentsPage.tsx';

/** The server's channels (domain/ticket/ticket.ts CHANNELS). */
const CHANNELS = [
  'web',
  'wechat',
  'hotline',
  'desk',
  'nurse_station',
  'letter',
  'email',
  'hotline_12345',
  'vip_advisor',
  'webhook',
] as const;

interface Rule {
  id: number;
  priority: number;
  category: string | null;
  kind: string | null;
  channel: string | null;
  keywords: string[];
  departmentId: number;
  active: boolean;
  note: string | null;
}

interface RuleDraft {
  priority: string;
  category: string;
  kind: string;
  channel: string;
  keywords: string;
  departmentId: string;
  active: boolean;
  note: string;
}

const EMPTY: RuleDraft = {
  priority: '100',
  category: '',
  kind: '',
  channel: '',
  keywords: '',
  departmentId: '',
  active: true,
  note: '',
};

const draftOf = (r: Rule): RuleDraft => ({
  priority: String(r.priority),
  category: r.category ?? '',
  kind: r.kind ?? '',
  channel: r.channel ?? '',
  keywords: r.keywords.join('，'),
  departmentId: String(r.departmentId),
  active: r.active,
  note: r.note ?? '',
});

/** Routing rules: which department a new ticket goes to. Tried by priority; the first that matches wins. */
export function RoutingPage() {
  const { t, lang } = useI18n();
  const rules = useAdminData<{ items: Rule[] }>('/api/v1/workflow/routing-rules');
  const departments = useAdminData<{ items: Department[] }>('/api/v1/admin/departments');
  const [editingId, setEditingId] = useState<number | null>(null);
  const [draft, setDraft] = useState<RuleDraft>(EMPTY);
  const [confirmDelete, setConfirmDelete] = useState<number | null>(null);
  const action = useAction();
  const listAction = useAction();
  const formHeading = useRef<HTMLHeadingElement>(null);
  const [focusForm, setFocusForm] = useState(0);
  useEffect(() => {
    if (focusForm > 0) formHeading.current?.focus();
  }, [focusForm]);

  const departmentName = (id: number) => {
    const d = departments.data?.items.find((x) => x.id === id);
    return d ? (lang === 'en' && d.nameEn ? d.nameEn : d.name) : `#${id}`;
  };
  const set = (change: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...change }));
  const labels = {
    priority: t('admin.routing.priority'),
    category: t('admin.routing.category'),
    kind: t('admin.routing.kind'),
    channel: t('admin.routing.channel'),
    keywords: t('admin.routing.keywords'),
    departmentId: t('admin.routing.department'),
    note: t('admin.routing.note'),
  };
  const invalid = (field: string) => (action.error?.field === field ? true : undefined);

  async function save(e: FormEvent) {
    e.preventDefault();
    const body = {
      priority: Number(draft.priority),
      category: draft.category || null,
      kind: draft.kind || null,
      channel: draft.channel || null,
      keywords: parseKeywords(draft.keywords),
      departmentId: Number(draft.departmentId),
      active: draft.active,
      note: draft.note.trim() || null,
    };
    const ok = await action.run(
      async () => {
        if (editingId === null) await api.post('/api/v1/workflow/routing-rules', body);
        else await api.put(`/api/v1/workflow/routing-rules/${editingId}`, body);
      },
      editingId === null ? t('admin.routing.created') : t('admin.routing.saved'),
    );
    if (ok) {
      setEditingId(null);
      setDraft(EMPTY);
      await rules.reload();
    }
  }

  async function remove(id: number) {
    const ok = await listAction.run(async () => {
      await api.del(`/api/v1/workflow/routing-rules/${id}`);
    }, t('admin.routing.deleted'));
    setConfirmDelete(null);
    if (ok) await rules.reload();
  }

  const condition = (r: Rule) => {
    const parts = [
      r.category
        ? t('admin.labelValue', { label: t('admin.routing.category'), value: categoryWord(t, r.category) })
        : null,
      r.kind ? t('admin.labelValue', { label: t('admin.routing.kind'), value: kindWord(t, r.kind) }) : null,
      r.channel
        ? t('admin.labelValue', { label: t('admin.routing.channel'), value: channelWord(t, r.channel) })
        : null,
      r.keywords.length > 0
        ? t('admin.labelValue', {
            label: t('admin.routing.keywords'),
            value: r.keywords.join(t('admin.listSeparator')),
          })
        : null,
    ].filter((p) => p !== null);
    return parts.length > 0 ? parts.join(t('admin.conditionSeparator')) : t('admin.routing.any');
  };

  return (
    <section className="stack" aria-labelledby="routing-heading">
      <h1 id="routing-heading">{t('admin.routing.heading')}</h1>
      <p className="muted">{t('admin.routing.intro')}</p>
      <div className="admin-grid">
        <div className="card table-wrap stack">
          <ErrorText error={rules.error ?? departments.error} />
          <ErrorText error={listAction.error} />
          <SavedText text={listAction.saved} />
          {rules.data && rules.data.items.length === 0 && <p>{t('admin.routing.empty')}</p>}
          {rules.data && rules.data.items.length > 0 && (
            <table className="queue" data-testid="rules-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.routing.priority')}</th>
                  <th scope="col">{t('admin.routing.when')}</th>
                  <th scope="col">{t('admin.routing.department')}</th>
                  <th scope="col">{t('admin.routing.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.data.items.map((r) => (
                  <tr key={r.id} className={r.active ? undefined : 'inactive'}>
                    <td>{r.priority}</td>
                    <td>
                      {condition(r)}
                      {r.note && <p className="muted">{r.note}</p>}
                    </td>
                    <td>{departmentName(r.departmentId)}</td>
                    <td>{r.active ? t('admin.routing.on') : t('admin.routing.off')}</td>
                    <td>
                      <div className="actions">
                        <button
                          type="button"
                          onClick={() => {
                            setEditingId(r.id);
                            setDraft(draftOf(r));
                            setFocusForm((n) => n + 1);
                          }}
                          aria-label={t('admin.routing.editWhich', { priority: r.priority })}
                        >
                          {t('admin.edit')}
                        </button>
                        <DeleteButton
                          asking={confirmDelete === r.id}
                          onAsk={() => setConfirmDelete(r.id)}
                          onDelete={() => void remove(r.id)}
                          label={t('admin.routing.deleteWhich', { priority: r.priority })}
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <form className="card stack" onSubmit={save} aria-labelledby="rule-form">
          <h2 id="rule-form" tabIndex={-1} ref={formHeading}>
            {editingId === null ? t('admin.routing.new') : t('admin.routing.editing')}
          </h2>
          <div className="row">
            <Field id="rr-priority" label={labels.priority} hint={t('admin.routing.priorityHint')}>
              <input
                id="rr-priority"
                type="number"
                min={0}
                max={1000000}
                step={1}
                required
                value={draft.priority}
                aria-describedby="rr-priority-hint"
                aria-invalid={invalid('priority')}
                onChange={(e) => set({ priority: e.target.value })}
              />
            </Field>
            <Field id="rr-department" label={labels.departmentId}>
              <select
                id="rr-department"
                required
                value={draft.departmentId}
                aria-invalid={invalid('departmentId')}
                onChange={(e) => set({ departmentId: e.target.value })}
              >
                <option value="">{t('admin.choose')}</option>
                {(departments.data?.items ?? []).map((d) => (
                  <option key={d.id} value={String(d.id)}>
                    {departmentName(d.id)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="row">
            <Field id="rr-category" label={labels.category}>
              <select
                id="rr-category"
                value={draft.category}
                onChange={(e) => set({ category: e.target.value })}
              >
                <option value="">{t('admin.routing.anyValue')}</option>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {categoryWord(t, c)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="rr-kind" label={labels.kind}>
              <select id="rr-kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value })}>
                <option value="">{t('admin.routing.anyValue')}</option>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindWord(t, k)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="rr-channel" label={labels.channel}>
              <select
                id="rr-channel"
                value={draft.channel}
                onChange={(e) => set({ channel: e.target.value })}
              >
                <option value="">{t('admin.routing.anyValue')}</option>
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {channelWord(t, c)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <Field id="rr-keywords" label={labels.keywords} hint={t('admin.routing.keywordsHint')}>
            <textarea
              id="rr-keywords"
              rows={3}
              value={draft.keywords}
              aria-describedby="rr-keywords-hint"
              aria-invalid={invalid('keywords')}
              onChange={(e) => set({ keywords: e.target.value })}
            />
          </Field>
          <Field id="rr-note" label={labels.note}>
            <input
              id="rr-note"
              maxLength={500}
              value={draft.note}
              onChange={(e) => set({ note: e.target.value })}
            />
          </Field>
          <div className="field check">
            <input
              id="rr-active"
              type="checkbox"
              checked={draft.active}
              onChange={(e) => set({ active: e.target.checked })}
            />
            <label htmlFor="rr-active">{t('admin.routing.activeLabel')}</label>
          </div>
          <ErrorText error={action.error} labels={labels} />
          <SavedText text={action.saved} />
          <p className="actions">
            <button className="primary" type="submit" disabled={action.busy}>
              {editingId === null ? t('admin.routing.add') : t('admin.save')}
            </button>
            {editingId !== null && (
              <button
                type="button"
                onClick={() => {
                  setEditingId(null);
                  setDraft(EMPTY);
                }}
              >
                {t('admin.cancel')}
              </button>
            )}
          </p>
        </form>
      </div>
    </section>
  );
}
