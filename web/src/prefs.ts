import type { Lang } from './i18n/i18n.ts';

/** What a person chose for reading the pages; kept in the browser so the next visit looks the same. */
export interface Prefs {
  lang: Lang;
  largeText: boolean;
  highContrast: boolean;
}

const STORAGE_KEY = 'careloop.prefs';
export const DEFAULT_PREFS: Prefs = { lang: 'zh', largeText: false, highContrast: false };

export function loadPrefs(storage: Pick<Storage, 'getItem'> = localStorage): Prefs {
  try {
    const saved = JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}') as Partial<Prefs>;
    return {
      lang: saved.lang === 'en' ? 'en' : 'zh',
      largeText: saved.largeText === true,
      highContrast: saved.highContrast === true,
    };
  } catch {
    return DEFAULT_PREFS;
  }
}

export function savePrefs(prefs: Prefs, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(prefs));
}

/** Large text and high contrast are classes on <html>, so every page and the browser zoom agree. */
export function applyPrefs(prefs: Prefs, root: HTMLElement = document.documentElement): void {
  root.lang = prefs.lang === 'zh' ? 'zh-CN' : 'en';
  root.classList.toggle('large-text', prefs.largeText);
  root.classList.toggle('high-contrast', prefs.highContrast);
}
