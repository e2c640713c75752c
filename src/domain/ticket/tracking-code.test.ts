import { describe, expect, it } from 'vitest';
import { encodeTrackingCode, formatTicketNo, normalizeTrackingCode } from './tracking-code.ts';

describe('tracking codes', () => {
  it('encodes 130 bits as 26 unambiguous characters', () => {
    const code = encodeTrackingCode(new Uint8Array(17).fill(0xff));
    expect(code).toBe('Z'.repeat(26));
    expect(encodeTrackingCode(new Uint8Array(17))).toBe('0'.repeat(26));
    const mixed = encodeTrackingCode(Uint8Array.from({ length: 17 }, (_, i) => i * 15));
    expect(mixed).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('differs for different random bytes', () => {
    const a = encodeTrackingCode(Uint8Array.from({ length: 17 }, (_, i) => i));
    const b = encodeTrackingCode(Uint8Array.from({ length: 17 }, (_, i) => (i === 16 ? 99 : i)));
    expect(a).not.toBe(b);
  });

  it('accepts what people type: lower case, dashes, spaces, O for 0 and I/L for 1', () => {
    expect(normalizeTrackingCode('abcd-efgh ojkm-np1q-rstv-wxyz-01')).toBe('ABCDEFGH0JKMNP1QRSTVWXYZ01');
    expect(normalizeTrackingCode('iiii llll 0000 0000 0000 0000 00')).toBe('11111111000000000000000000');
  });

  it('rejects what cannot be a code', () => {
    expect(normalizeTrackingCode('')).toBeNull();
    expect(normalizeTrackingCode('ABC')).toBeNull();
    expect(normalizeTrackingCode('U'.repeat(26))).toBeNull();
    expect(normalizeTrackingCode('中'.repeat(26))).toBeNull();
  });

  it('numbers tickets by the local year of receipt', () => {
    // 23:30 on 31 December UTC is already 1 January in Shanghai.
    expect(formatTicketNo(new Date('2026-12-31T16:30:00Z'), 123, 'Asia/Shanghai')).toBe('2027-000123');
    expect(formatTicketNo(new Date('2026-12-31T16:30:00Z'), 1234567, 'UTC')).toBe('2026-1234567');
  });
});
