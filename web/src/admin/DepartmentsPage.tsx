import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ErrorText, Field, SavedText, useAction, useAdminData } from './admin-ui.tsx';

export interface Department {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
}

/** Departments tickets are routed to. The API adds departments; renaming or removing one is not offered yet. */
export function DepartmentsPage() {
  const { t } = useI18n();
  const { data, error, reload } = useAdminData<{ items: Department[] }>('/api/v1/admin/departments');
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
      await reload();
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
    <section className="stack" aria-labelledby="dep-heading">
      <h1 id="dep-heading">{t('admin.departments.heading')}</h1>
      <div className="admin-grid">
        <div className="card table-wrap">
          <ErrorText error={error} />
          {data && data.items.length === 0 && <p>{t('admin.departments.empty')}</p>}
          {data && data.items.length > 0 && (
            <table className="queue">
              <caption className="visually-hidden">{t('admin.departments.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.departments.code')}</th>
                  <th scope="col">{t('admin.departments.name')}</th>
                  <th scope="col">{t('admin.departments.nameEn')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <code>{d.code}</code>
                    </td>
                    <td>{d.name}</td>
                    <td>{d.nameEn ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
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
      </div>
    </section>
  );
}
