import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type SiteInfo } from '../api.ts';
import { applyPrefs, loadPrefs, type Prefs, savePrefs } from '../prefs.ts';
import { formatDateTime, zoneLabel } from './format.ts';
import { type Lang, type Translate, translate } from './i18n.ts';

interface I18n {
  lang: Lang;
  t: Translate;
  prefs: Prefs;
  setPrefs: (change: Partial<Prefs>) => void;
  /** The institution's time zone (from the server; Asia/Shanghai until it answers). */
  timeZone: string;
  dateTime: (iso: string) => string;
  zone: string;
}

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefsState] = useState(loadPrefs);
  const [timeZone, setTimeZone] = useState(DEFAULT_TIME_ZONE);

  useEffect(() => applyPrefs(prefs), [prefs]);
  useEffect(() => {
    api
      .get<SiteInfo>('/api/v1/site')
      .then((site) => setTimeZone(site.timeZone))
      .catch(() => {
        // Without the server's answer the default zone stays; pages still work.
      });
  }, []);

  const setPrefs = useCallback((change: Partial<Prefs>) => {
    setPrefsState((current) => {
      const next = { ...current, ...change };
      savePrefs(next);
      return next;
    });
  }, []);

  const value = useMemo<I18n>(() => {
    const t: Translate = (key, params) => translate(prefs.lang, key, params);
    return {
      lang: prefs.lang,
      t,
      prefs,
      setPrefs,
      timeZone,
      dateTime: (iso) => formatDateTime(iso, timeZone),
      zone: zoneLabel(prefs.lang, timeZone),
    };
  }, [prefs, setPrefs, timeZone]);

  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
