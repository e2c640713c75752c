import { describe, expect, it } from 'vitest';
import { patientMessages, staffMessages, trackHint } from './compose-messages.ts';

describe('patientMessages', () => {
  it('writes one message per contact, in the ticket language', () => {
    const drafts = patientMessages(
      { id: 7, lang: 'en', contactEmail: 'p@example.org', contactPhone: '13800001234' },
      'staff_replied',
      { ticketNo: '2026-000007', text: 'We called the ward.', trackHint: '' },
    );
    expect(drafts.map((d) => [d.channel, d.recipient])).toEqual([
      ['email', 'p@example.org'],
      ['sms', '13800001234'],
    ]);
    expect(drafts[0]).toMatchObject({
      audience: 'patient',
      lang: 'en',
      subject: 'New reply about your feedback 2026-000007',
    });
  });

  it('writes nothing for an anonymous ticket', () => {
    expect(
      patientMessages({ id: 1, lang: 'zh', contactEmail: null, contactPhone: null }, 'staff_replied', {}),
    ).toEqual([]);
  });
});

describe('staffMessages', () => {
  it('prefers e-mail, falls back to SMS, skips the unreachable and never writes twice', () => {
    const drafts = staffMessages(
      [
        { userId: 1, email: 'a@h.org', phone: '1' },
        { userId: 2, email: null, phone: '13900000000' },
        { userId: 3, email: null, phone: null },
        { userId: 1, email: 'a@h.org', phone: null },
      ],
      5,
      'zh',
      'level1_page',
      { ticketNo: '2026-000005' },
    );
    expect(drafts.map((d) => `${d.channel}:${d.recipient}`)).toEqual(['email:a@h.org', 'sms:13900000000']);
    expect(drafts[0]?.subject).toBe('【一级】工单 2026-000005 需立即处理');
  });
});

describe('trackHint', () => {
  it('links the tracking page only when a public address is set', () => {
    expect(trackHint('en', 'https://fb.example.org')).toBe('Follow it at https://fb.example.org/track. ');
    expect(trackHint('zh', undefined)).toBe('');
  });
});
