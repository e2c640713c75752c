import { useI18n } from './i18n/I18nProvider.tsx';

/** Large text, high contrast and language: on every page, remembered in the browser. */
export function PrefsBar() {
  const { t, prefs, setPrefs } = useI18n();
  return (
    <fieldset className="prefs">
      <legend className="visually-hidden">{t('prefs.label')}</legend>
      <button
        type="button"
        aria-pressed={prefs.largeText}
        onClick={() => setPrefs({ largeText: !prefs.largeText })}
      >
        {t('prefs.largeText')}
      </button>
      <button
        type="button"
        aria-pressed={prefs.highContrast}
        onClick={() => setPrefs({ highContrast: !prefs.highContrast })}
      >
        {t('prefs.highContrast')}
      </button>
      <button
        type="button"
        lang={prefs.lang === 'zh' ? 'en' : 'zh-CN'}
        onClick={() => setPrefs({ lang: prefs.lang === 'zh' ? 'en' : 'zh' })}
      >
        {t('prefs.language')}
      </button>
    </fieldset>
  );
}
