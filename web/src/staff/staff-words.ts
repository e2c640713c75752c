import type { MessageKey, Translate } from '../i18n/i18n.ts';

/** Staff words for the codes the API uses; an unknown code is shown as it is rather than hidden. */
const word =
  (prefix: string) =>
  (t: Translate, code: string | number | null | undefined, fallback: MessageKey | null = null): string => {
    if (code === null || code === undefined) return fallback ? t(fallback) : '—';
    const key = `${prefix}.${code}` as MessageKey;
    const text = t(key);
    return text === undefined ? String(code) : text;
  };

export const levelWord = word('level');
export const kindWord = word('kind');
export const categoryWord = word('category');
export const statusWord = word('status');
export const channelWord = word('channel');
/** Roles are data: a role the institution added itself is shown by its name. */
export const roleWord = word('role');
