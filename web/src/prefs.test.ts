// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { applyPrefs, DEFAULT_PREFS, loadPrefs, savePrefs } from './prefs.ts';

describe('display preferences', () => {
  it('are remembered across visits', () => {
    localStorage.clear();
    expect(loadPrefs()).toEqual(DEFAULT_PREFS);
    savePrefs({ lang: 'en', largeText: true, highContrast: true });
    expect(loadPrefs()).toEqual({ lang: 'en', largeText: true, highContrast: true });
  });

  it('fall back to the defaults when the stored value is damaged', () => {
    localStorage.setItem('careloop.prefs', '{not json');
    expect(loadPrefs()).toEqual(DEFAULT_PREFS);
  });

  it('set the page language and the large-text and contrast classes', () => {
    applyPrefs({ lang: 'zh', largeText: true, highContrast: false });
    const root = document.documentElement;
    expect(root.lang).toBe('zh-CN');
    expect(root.classList.contains('large-text')).toBe(true);
    expect(root.classList.contains('high-contrast')).toBe(false);
  });
});
