import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, zoneLabel } from './format.ts';
import { type MessageKey, type MessageParams, translate } from './i18n.ts';

const tZh = (key: MessageKey, params?: MessageParams) => translate('zh', key, params);
const tEn = (key: MessageKey, params?: MessageParams) => translate('en', key, params);

describe('formatDateTime', () => {
  it("shows the institution's wall-clock time, not the machine's", () => {
    // 2026-03-01T16:30Z is half past midnight the next day in Shanghai.
    expect(formatDateTime('2026-03-01T16:30:00Z', 'Asia/Shanghai')).toBe('2026-03-02 00:30');
    expect(formatDateTime('2026-03-01T16:30:00Z', 'Europe/Berlin')).toBe('2026-03-01 17:30');
  });
});

describe('zoneLabel', () => {
  it('names the zone and its offset', () => {
    expect(zoneLabel('en', 'Asia/Shanghai', new Date('2026-01-01T00:00:00Z'))).toBe('Asia/Shanghai (GMT+8)');
  });
});

describe('formatDuration', () => {
  it('uses the largest two units, to the minute', () => {
    expect(formatDuration((2 * 1440 + 3 * 60 + 59) * 60_000, tZh)).toBe('2天3小时');
    expect(formatDuration((5 * 60 + 20) * 60_000 + 59_000, tEn)).toBe('5 h 20 min');
    expect(formatDuration(7 * 60_000, tEn)).toBe('7 min');
  });

  it('never shows a negative duration', () => {
    expect(formatDuration(-90_000, tEn)).toBe('0 min');
  });
});
