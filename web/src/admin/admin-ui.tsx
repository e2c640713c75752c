import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { type ShownError, shownError } from './api-errors.ts';

/** GET `url` on mount and on reload(); a failure is kept as words to show, never thrown. */
export function useAdminData<T>(url: string): {
  data: T | null;
  error: ShownError | null;
  reload: () => Promise<void>;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await api.get<T>(url));
      setError(null);
    } catch (err) {
      setError(shownError(err));
    }
  }, [url]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/**
 * An error in words, announced at once (role=alert). A refused field the page knows is named by its
 * label (`labels`: API field → the label the person sees next to it).
 */
export function ErrorText({
  error,
  labels,
}: {
  error: ShownError | null;
  labels?: Readonly<Record<string, string>>;
}) {
  const { t } = useI18n();
  if (!error) return null;
  const label = error.field ? labels?.[error.field] : undefined;
  const text =
    error.key === 'admin.error.invalid' && label
      ? t('admin.error.invalidField', { label })
      : t(error.key, { ...error.params, ...(label ? { label } : {}) });
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}

/** A short success message, announced politely. The live region stays mounted so screen readers hear it. */
export function SavedText({ text }: { text: string | null }) {
  return (
    <p className="ok" role="status">
      {text ?? ''}
    </p>
  );
}

/** A labelled form control with an optional hint; the hint is tied to the control by aria-describedby. */
export function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** Runs `action` with busy/error/saved state, the one pattern of every admin form. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // A confirmation was put in words in the language of its moment: after a switch it goes, so no page
  // mixes languages (errors are kept as keys and follow the switch).
  const { lang } = useI18n();
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared on a language switch only
  useEffect(() => setSaved(null), [lang]);
  /** `action` may return the words of success itself (from what the server answered). */
  const run = useCallback(async (action: () => Promise<unknown>, done: string | null = null) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const said = await action();
      setSaved(typeof said === 'string' ? said : done);
      return true;
    } catch (err) {
      setError(shownError(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, saved, run };
}

/** Check boxes for a set of permissions (a user's grants, a role's permissions), labelled in words. */
export function PermissionChecks({
  idPrefix,
  options,
  chosen,
  onChange,
  wordOf,
}: {
  idPrefix: string;
  options: readonly string[];
  chosen: readonly string[];
  onChange: (next: string[]) => void;
  wordOf: (permission: string) => string;
}) {
  return (
    <div className="permissions">
      {options.map((p) => (
        <div key={p} className="field check">
          <input
            id={`${idPrefix}-${p}`}
            type="checkbox"
            checked={chosen.includes(p)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, p] : chosen.filter((x) => x !== p))}
          />
          <label htmlFor={`${idPrefix}-${p}`}>{wordOf(p)}</label>
        </div>
      ))}
    </div>
  );
}

/** Delete in two clicks: the first turns the button into "confirm delete", the second deletes. */
export function DeleteButton({
  asking,
  onAsk,
  onDelete,
  label,
}: {
  asking: boolean;
  onAsk: () => void;
  onDelete: () => void;
  /** Names what goes, for screen readers ("delete the override on 2026-03-12"). */
  label: string;
}) {
  const { t } = useI18n();
  return asking ? (
    <button type="button" className="primary" onClick={onDelete}>
      {t('admin.confirmDelete')}
    </button>
  ) : (
    <button type="button" onClick={onAsk} aria-label={label}>
      {t('admin.delete')}
    </button>
  );
}
