import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../domain/app-error.ts';

/**
 * Webhook authentication. The sender signs `v1:{timestamp}:{idempotencyKey}:` followed by the raw
 * body bytes with HMAC-SHA256 under the source's secret and sends
 *   X-CareLoop-Timestamp: <unix seconds>
 *   Idempotency-Key: <its own delivery id>
 *   X-CareLoop-Signature: v1=<hex digest>
 * Signing the timestamp bounds a captured request's replay to the tolerance window; signing the key
 * means a replay inside the window cannot pick a fresh key, so it only ever repeats the first answer.
 */

export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;
export const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,200}$/;

export function signWebhook(
  secret: string,
  timestamp: string,
  idempotencyKey: string,
  rawBody: Buffer,
): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v1:${timestamp}:${idempotencyKey}:`);
  mac.update(rawBody);
  return `v1=${mac.digest('hex')}`;
}

export interface WebhookHeaders {
  timestamp: string | undefined;
  signature: string | undefined;
  idempotencyKey: string | undefined;
}

/** Throws a coded error unless the delivery is fresh and signed with `secret`. */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  rawBody: Buffer,
  now: Date,
): { idempotencyKey: string } {
  const key = headers.idempotencyKey;
  if (key === undefined || !IDEMPOTENCY_KEY_RE.test(key)) {
    throw new AppError(
      'INTAKE_IDEMPOTENCY_KEY_REQUIRED',
      'Send an Idempotency-Key header (1–200 visible ASCII characters).',
    );
  }
  const ts = headers.timestamp ?? '';
  if (!/^[0-9]{1,12}$/.test(ts)) {
    throw new AppError(
      'INTAKE_BAD_SIGNATURE',
      'X-CareLoop-Timestamp must be the time of signing in Unix seconds.',
    );
  }
  if (Math.abs(now.getTime() / 1000 - Number(ts)) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new AppError(
      'INTAKE_STALE_TIMESTAMP',
      'The signature timestamp is more than 5 minutes from our clock.',
    );
  }
  const expected = Buffer.from(signWebhook(secret, ts, key, rawBody));
  const given = Buffer.from(headers.signature ?? '');
  // timingSafeEqual needs equal lengths; comparing lengths first reveals only the (public) format.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('INTAKE_BAD_SIGNATURE', 'The signature does not match.');
  }
  return { idempotencyKey: key };
}
