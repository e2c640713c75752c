import { useId } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { type FileProblem, fileProblem, MAX_FILES } from './attachment-rules.ts';

const PROBLEM_KEYS: Record<FileProblem, MessageKey> = {
  tooMany: 'files.tooMany',
  tooLarge: 'files.tooLarge',
  wrongType: 'files.wrongType',
};

/**
 * Photos and voice recordings: two plain file buttons (on a phone, the camera and the recorder offer
 * themselves), the chosen files listed with a remove button each.
 */
export function AttachmentPicker({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const { t } = useI18n();
  const id = useId();
  const problem = fileProblem(files);
  const add = (list: FileList | null) => onChange([...files, ...Array.from(list ?? [])]);

  return (
    <fieldset className="files">
      <legend>{t('files.legend')}</legend>
      <p className="hint">{t('files.hint', { n: MAX_FILES })}</p>
      <div className="actions">
        <input
          id={`${id}-photo`}
          className="visually-hidden"
          type="file"
          accept="image/*"
          multiple
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
        <label className="button" htmlFor={`${id}-photo`}>
          {t('files.addPhoto')}
        </label>
        <input
          id={`${id}-voice`}
          className="visually-hidden"
          type="file"
          accept="audio/*"
          capture="user"
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
        <label className="button" htmlFor={`${id}-voice`}>
          {t('files.addVoice')}
        </label>
      </div>
      {files.length > 0 && (
        <ul className="file-list">
          {files.map((f, i) => (
            <li key={`${f.name}-${f.size}-${f.lastModified}`}>
              <span>{f.name}</span>
              <button type="button" onClick={() => onChange(files.filter((_, j) => j !== i))}>
                {t('files.remove', { name: f.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p className="error" role="alert">
          {t(PROBLEM_KEYS[problem], { n: MAX_FILES })}
        </p>
      )}
    </fieldset>
  );
}
