import { en } from './en.ts';
import { type MessageKey, type Messages, zh } from './zh.ts';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];
export const CATALOGUES: Record<Lang, Messages> = { zh, en };

export type MessageParams = Record<string, string | number>;

/** The message for `key` in `lang`, with each `{name}` replaced by params.name. */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = CATALOGUES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The `{name}` placeholders a message uses, sorted: both catalogues must use the same ones. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;
export type { MessageKey };
