import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, type StaffUser } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey, Translate } from '../i18n/i18n.ts';
import { roleWord } from '../staff/staff-words.ts';
import { ErrorText, Field, PermissionChecks, SavedText, useAction, useAdminData } from './admin-ui.tsx';
import type { Department } from './DepartmentsPage.tsx';

interface AdminUser extends StaffUser {
  active: boolean;
  grants: string[];
}
interface Role {
  name: string;
  description: string;
  permissions: string[];
  preset: boolean;
}

/** A permission in words; one the catalogue does not know yet is shown by its code. */
export function permissionWord(t: Translate, permission: string): string {
  return t(`permission.${permission}` as MessageKey) ?? permission;
}

function useDepartmentLabels() {
  const { lang } = useI18n();
  const { data } = useAdminData<{ items: Department[] }>('/api/v1/admin/departments');
  const list = (data?.items ?? []).map((d) => ({
    id: d.id,
    label: lang === 'en' && d.nameEn ? d.nameEn : d.name,
  }));
  return { list, label: (id: number | null) => list.find((d) => d.id === id)?.label ?? null };
}

/** Staff accounts and their roles; roles and what each may do. */
export function UsersPage({ me, canEditRoles }: { me: StaffUser; canEditRoles: boolean }) {
  const { t } = useI18n();
  const users = useAdminData<{ items: AdminUser[] }>('/api/v1/admin/users');
  const roles = useAdminData<{ items: Role[]; permissions: string[] }>('/api/v1/admin/roles');
  const departments = useDepartmentLabels();
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const roleNames = (roles.data?.items ?? []).map((r) => r.name);

  return (
    <section className="stack" aria-labelledby="users-heading">
      <h1 id="users-heading">{t('admin.users.heading')}</h1>
      <div className="admin-grid">
        <div className="card table-wrap stack">
          <h2>{t('admin.users.list')}</h2>
          <ErrorText error={users.error} />
          {users.data && (
            <table className="queue" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.username')}</th>
                  <th scope="col">{t('admin.users.displayName')}</th>
                  <th scope="col">{t('admin.users.role')}</th>
                  <th scope="col">{t('admin.users.department')}</th>
                  <th scope="col">{t('admin.users.state')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr key={u.id} className={u.active ? undefined : 'inactive'} data-user={u.username}>
                    <td>
                      <code>{u.username}</code>
                    </td>
                    <td>{u.displayName}</td>
                    <td>
                      {roleWord(t, u.role)}
                      {u.grants.length > 0 && (
                        <span className="muted"> {t('admin.users.plusGrants', { n: u.grants.length })}</span>
                      )}
                    </td>
                    <td>{departments.label(u.departmentId) ?? '—'}</td>
                    <td>{u.active ? t('admin.users.active') : t('admin.users.inactive')}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => setEditing(u)}
                        aria-label={t('admin.users.editWho', { name: u.displayName })}
                      >
                        {t('admin.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="stack">
          {editing ? (
            <EditUser
              key={editing.id}
              user={editing}
              me={me}
              roleNames={roleNames}
              roles={roles.data?.items ?? []}
              permissions={roles.data?.permissions ?? []}
              departments={departments.list}
              onDone={async () => {
                setEditing(null);
                await users.reload();
              }}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <NewUser roleNames={roleNames} departments={departments.list} onCreated={users.reload} />
          )}
        </div>
      </div>
      <Roles
        roles={roles.data?.items ?? []}
        permissions={roles.data?.permissions ?? []}
        canEdit={canEditRoles}
        onSaved={roles.reload}
      />
    </section>
  );
}

function RoleSelect({
  id,
  value,
  roleNames,
  onChange,
  invalid,
}: {
  id: string;
  value: string;
  roleNames: string[];
  onChange: (v: string) => void;
  invalid?: boolean;
}) {
  const { t } = useI18n();
  return (
    <select
      id={id}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={invalid || undefined}
    >
      {roleNames.map((r) => (
        <option key={r} value={r}>
          {roleWord(t, r)}
        </option>
      ))}
    </select>
  );
}

function DepartmentSelect({
  id,
  value,
  departments,
  onChange,
}: {
  id: string;
  value: string;
  departments: { id: number; label: string }[];
  onChange: (v: string) => void;
}) {
  const { t } = useI18n();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('admin.users.noDepartment')}</option>
      {departments.map((d) => (
        <option key={d.id} value={String(d.id)}>
          {d.label}
        </option>
      ))}
    </select>
  );
}

function NewUser({
  roleNames,
  departments,
  onCreated,
}: {
  roleNames: string[];
  departments: { id: number; label: string }[];
  onCreated: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('department_handler');
  const [departmentId, setDepartmentId] = useState('');
  const action = useAction();
  const labels = {
    username: t('admin.users.username'),
    displayName: t('admin.users.displayName'),
    password: t('admin.users.password'),
    role: t('admin.users.role'),
    departmentId: t('admin.users.department'),
  };
  const invalid = (field: string) =>
    action.error?.field === field ||
    (field === 'username' && action.error?.key === 'admin.error.usernameTaken') ||
    (field === 'password' && action.error?.key === 'admin.error.weakPassword') ||
    undefined;

  async function create(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(
      async () => {
        await api.post('/api/v1/admin/users', {
          username: username.trim(),
          displayName: displayName.trim(),
          password,
          role,
          departmentId: departmentId ? Number(departmentId) : null,
        });
      },
      t('admin.users.created', { name: displayName.trim() }),
    );
    if (ok) {
      setUsername('');
      setDisplayName('');
      setPassword('');
      setDepartmentId('');
      await onCreated();
    }
  }

  return (
    <form className="card stack" onSubmit={create} aria-labelledby="user-new">
      <h2 id="user-new">{t('admin.users.new')}</h2>
      <Field id="nu-username" label={labels.username} hint={t('admin.users.usernameHint')}>
        <input
          id="nu-username"
          required
          maxLength={60}
          autoComplete="off"
          value={username}
          aria-describedby="nu-username-hint"
          aria-invalid={invalid('username')}
          onChange={(e) => setUsername(e.target.value)}
        />
      </Field>
      <Field id="nu-name" label={labels.displayName}>
        <input
          id="nu-name"
          required
          maxLength={100}
          value={displayName}
          aria-invalid={invalid('displayName')}
          onChange={(e) => setDisplayName(e.target.value)}
        />
      </Field>
      <Field id="nu-password" label={labels.password} hint={t('admin.users.passwordHint')}>
        <input
          id="nu-password"
          type="password"
          required
          autoComplete="new-password"
          maxLength={200}
          value={password}
          aria-describedby="nu-password-hint"
          aria-invalid={invalid('password')}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <div className="row">
        <Field id="nu-role" label={labels.role}>
          <RoleSelect
            id="nu-role"
            value={role}
            roleNames={roleNames}
            onChange={setRole}
            invalid={invalid('role')}
          />
        </Field>
        <Field id="nu-department" label={labels.departmentId}>
          <DepartmentSelect
            id="nu-department"
            value={departmentId}
            departments={departments}
            onChange={setDepartmentId}
          />
        </Field>
      </div>
      <ErrorText error={action.error} labels={labels} />
      <SavedText text={action.saved} />
      <button className="primary" type="submit" disabled={action.busy}>
        {t('admin.users.create')}
      </button>
    </form>
  );
}

function EditUser({
  user,
  me,
  roleNames,
  roles,
  permissions,
  departments,
  onDone,
  onCancel,
}: {
  user: AdminUser;
  me: StaffUser;
  roleNames: string[];
  roles: Role[];
  permissions: string[];
  departments: { id: number; label: string }[];
  onDone: () => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState(user.role);
  const [departmentId, setDepartmentId] = useState(
    user.departmentId === null ? '' : String(user.departmentId),
  );
  const [active, setActive] = useState(user.active);
  const [grants, setGrants] = useState<string[]>(user.grants);
  // What the chosen role gives already needs no grant; the rest can be granted to this person alone.
  const fromRole = roles.find((r) => r.name === role)?.permissions ?? [];
  const grantable = permissions.filter((p) => !fromRole.includes(p));
  const [password, setPassword] = useState('');
  const action = useAction();
  const passwordAction = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening the form moves the focus to it, so a keyboard user lands where the work continues.
  useEffect(() => heading.current?.focus(), []);
  const labels = {
    displayName: t('admin.users.displayName'),
    role: t('admin.users.role'),
    departmentId: t('admin.users.department'),
    active: t('admin.users.activeLabel'),
    password: t('admin.users.newPassword'),
    grants: t('admin.users.grants'),
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(async () => {
      await api.patch(`/api/v1/admin/users/${user.id}`, {
        displayName: displayName.trim(),
        role,
        departmentId: departmentId ? Number(departmentId) : null,
        active,
        grants: grants.filter((g) => grantable.includes(g)),
      });
    });
    if (ok) await onDone();
  }

  async function setNewPassword(e: FormEvent) {
    e.preventDefault();
    const ok = await passwordAction.run(async () => {
      await api.post(`/api/v1/admin/users/${user.id}/password`, { password });
    }, t('admin.users.passwordSet'));
    if (ok) setPassword('');
  }

  return (
    <div className="card stack">
      <h2 id="user-edit" tabIndex={-1} ref={heading}>
        {t('admin.users.editing', { name: user.username })}
      </h2>
      <form className="stack" onSubmit={save} aria-labelledby="user-edit">
        <Field id="eu-name" label={labels.displayName}>
          <input
            id="eu-name"
            required
            maxLength={100}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </Field>
        <div className="row">
          <Field id="eu-role" label={labels.role}>
            <RoleSelect id="eu-role" value={role} roleNames={roleNames} onChange={setRole} />
          </Field>
          <Field id="eu-department" label={labels.departmentId}>
            <DepartmentSelect
              id="eu-department"
              value={departmentId}
              departments={departments}
              onChange={setDepartmentId}
            />
          </Field>
        </div>
        <div className="field check">
          <input
            id="eu-active"
            type="checkbox"
            checked={active}
            disabled={user.id === me.id}
            aria-describedby="eu-active-hint"
            onChange={(e) => setActive(e.target.checked)}
          />
          <label htmlFor="eu-active">{labels.active}</label>
          <p className="hint" id="eu-active-hint">
            {user.id === me.id ? t('admin.users.selfActiveHint') : t('admin.users.activeHint')}
          </p>
        </div>
        <fieldset>
          <legend>{t('admin.users.grants')}</legend>
          <p className="hint">{t('admin.users.grantsHint')}</p>
          <PermissionChecks
            idPrefix="grant"
            options={grantable}
            chosen={grants}
            onChange={setGrants}
            wordOf={(p) => permissionWord(t, p)}
          />
        </fieldset>
        <ErrorText error={action.error} labels={labels} />
        <p className="actions">
          <button className="primary" type="submit" disabled={action.busy}>
            {t('admin.save')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
        </p>
      </form>
      <form className="stack" onSubmit={setNewPassword} aria-labelledby="user-password">
        <h3 id="user-password">{t('admin.users.passwordHeading')}</h3>
        <Field id="eu-password" label={labels.password} hint={t('admin.users.passwordResetHint')}>
          <input
            id="eu-password"
            type="password"
            required
            autoComplete="new-password"
            maxLength={200}
            value={password}
            aria-describedby="eu-password-hint"
            aria-invalid={passwordAction.error?.key === 'admin.error.weakPassword' || undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <ErrorText error={passwordAction.error} labels={labels} />
        <SavedText text={passwordAction.saved} />
        <button type="submit" disabled={passwordAction.busy}>
          {t('admin.users.setPassword')}
        </button>
      </form>
    </div>
  );
}

function Roles({
  roles,
  permissions,
  canEdit,
  onSaved,
}: {
  roles: Role[];
  permissions: string[];
  canEdit: boolean;
  onSaved: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const action = useAction();

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!editing) return;
    const role = roles.find((r) => r.name === editing);
    const ok = await action.run(
      async () => {
        await api.put(`/api/v1/admin/roles/${editing}`, {
          permissions: chosen,
          ...(role ? { description: role.description } : {}),
        });
      },
      t('admin.roles.saved', { role: roleWord(t, editing) }),
    );
    if (ok) {
      setEditing(null);
      await onSaved();
    }
  }

  return (
    <section className="card stack" aria-labelledby="roles-heading">
      <h2 id="roles-heading">{t('admin.roles.heading')}</h2>
      <p className="muted">{t('admin.roles.intro')}</p>
      <SavedText text={action.saved} />
      <div className="table-wrap">
        <table className="queue">
          <thead>
            <tr>
              <th scope="col">{t('admin.users.role')}</th>
              <th scope="col">{t('admin.roles.permissions')}</th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr key={r.name}>
                <td className="nowrap">{roleWord(t, r.name)}</td>
                <td>
                  {r.permissions.length === 0
                    ? '—'
                    : r.permissions.map((p) => (
                        <span key={p} className="tag">
                          {permissionWord(t, p)}
                        </span>
                      ))}
                </td>
                {canEdit && (
                  <td>
                    <button
                      type="button"
                      aria-label={t('admin.roles.editWho', { role: roleWord(t, r.name) })}
                      onClick={() => {
                        setEditing(r.name);
                        setChosen(r.permissions);
                      }}
                    >
                      {t('admin.edit')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <form className="stack" onSubmit={save}>
          <fieldset>
            <legend>{t('admin.roles.editing', { role: roleWord(t, editing) })}</legend>
            <PermissionChecks
              idPrefix="perm"
              options={permissions}
              chosen={chosen}
              onChange={setChosen}
              wordOf={(p) => permissionWord(t, p)}
            />
          </fieldset>
          <ErrorText error={action.error} />
          <p className="actions">
            <button className="primary" type="submit" disabled={action.busy}>
              {t('admin.save')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('admin.cancel')}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
