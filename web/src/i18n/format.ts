import type { Lang, Translate } from './i18n.ts';

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

/**
 * An instant as the institution's wall-clock time, "2026-05-01 14:03", the same shape in both languages
 * so that a date is never ambiguous (05/01 means different days to different readers).
 */
export function formatDateTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  return `${part(parts, 'year')}-${part(parts, 'month')}-${part(parts, 'day')} ${part(parts, 'hour')}:${part(parts, 'minute')}`;
}

/** "Asia/Shanghai (GMT+8)": shown wherever a reader could take a time for their own zone's. */
export function zoneLabel(lang: Lang, timeZone: string, at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat(LOCALE[lang], { timeZone, timeZoneName: 'short' }).formatToParts(at);
  return `${timeZone} (${part(parts, 'timeZoneName')})`;
}

const MINUTE_MS = 60_000;

/** A duration in words, to the minute: "2天3小时", "5 h 20 min", "7 min". */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE_MS));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t('duration.days', { d, h });
  if (h > 0) return t('duration.hours', { h, m });
  return t('duration.minutes', { m });
}
