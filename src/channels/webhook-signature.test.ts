import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

const secret = 'a-very-long-shared-secret-of-the-source-0001';
const body = Buffer.from('{"text":"药房排队太久"}');
const now = new Date('2026-03-11T02:00:00Z');
const ts = String(now.getTime() / 1000);
const signed = (over: Partial<{ timestamp: string; key: string; body: Buffer; secret: string }> = {}) => ({
  timestamp: over.timestamp ?? ts,
  idempotencyKey: over.key ?? 'delivery-1',
  signature: signWebhook(
    over.secret ?? secret,
    over.timestamp ?? ts,
    over.key ?? 'delivery-1',
    over.body ?? body,
  ),
});
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'OK';
};

describe('verifyWebhook', () => {
  it('accepts a fresh delivery signed with the secret', () => {
    expect(verifyWebhook(secret, signed(), body, now)).toEqual({ idempotencyKey: 'delivery-1' });
  });

  it('refuses a signature made with another secret, or over another body', () => {
    expect(code(() => verifyWebhook(secret, signed({ secret: `${secret}x` }), body, now))).toBe(
      'INTAKE_BAD_SIGNATURE',
    );
    expect(code(() => verifyWebhook(secret, signed(), Buffer.from('{"text":"x"}'), now))).toBe(
      'INTAKE_BAD_SIGNATURE',
    );
    expect(code(() => verifyWebhook(secret, { ...signed(), signature: 'v1=00' }, body, now))).toBe(
      'INTAKE_BAD_SIGNATURE',
    );
  });

  it('binds the idempotency key: a replay cannot swap in a fresh key', () => {
    expect(code(() => verifyWebhook(secret, { ...signed(), idempotencyKey: 'delivery-2' }, body, now))).toBe(
      'INTAKE_BAD_SIGNATURE',
    );
  });

  it('refuses timestamps more than five minutes off, either way', () => {
    const later = new Date(now.getTime() + 5 * 60_000 + 1000);
    expect(code(() => verifyWebhook(secret, signed(), body, later))).toBe('INTAKE_STALE_TIMESTAMP');
    const early = new Date(now.getTime() - 5 * 60_000 - 1000);
    expect(code(() => verifyWebhook(secret, signed(), body, early))).toBe('INTAKE_STALE_TIMESTAMP');
    expect(code(() => verifyWebhook(secret, signed(), body, new Date(now.getTime() + 299_000)))).toBe('OK');
  });

  it('requires an idempotency key', () => {
    expect(code(() => verifyWebhook(secret, { ...signed(), idempotencyKey: undefined }, body, now))).toBe(
      'INTAKE_IDEMPOTENCY_KEY_REQUIRED',
    );
  });
});
