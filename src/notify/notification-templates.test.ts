import { describe, expect, it } from 'vitest';
import { renderTemplate, TEMPLATES } from './notification-templates.ts';

describe('renderTemplate', () => {
  it('fills placeholders in the ticket language', () => {
    const zh = renderTemplate('resolution_proposed', 'zh', {
      ticketNo: '2026-000001',
      text: '已退款',
      windowDays: 3,
      trackHint: '',
    });
    expect(zh.subject).toBe('请确认反馈 2026-000001 的处理结果');
    expect(zh.body).toContain('处理结果：已退款');
    expect(zh.body).toContain('3 天内');
    const en = renderTemplate('resolution_proposed', 'en', {
      ticketNo: '2026-000001',
      text: 'Refunded',
      windowDays: 3,
      trackHint: '',
    });
    expect(en.subject).toBe('Please confirm the resolution of 2026-000001');
    expect(en.body).toContain('within 3 days');
  });

  it('has every template in both languages with the same placeholders', () => {
    for (const [name, t] of Object.entries(TEMPLATES)) {
      const keys = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(keys(t.zh.subject + t.zh.body), name).toEqual(keys(t.en.subject + t.en.body));
    }
  });
});
