import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Stored first answers of idempotent intake (the public form and the signed webhooks) hold a tracking
 * code, which opens the patient's case. What is stored can be read by anyone with the database, so the
 * code is sealed (AES-256-GCM) with a key derived from the Idempotency-Key, which only the client holds,
 * and the Idempotency-Key itself is stored as a hash.
 */
const SEAL_CONTEXT = 'careloop/idempotency-seal/v1';

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

function sealKey(idempotencyKey: string): Buffer {
  return createHash('sha256').update(`${SEAL_CONTEXT}\0${idempotencyKey}`).digest();
}

export function sealForKeyHolder(plain: string, idempotencyKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(idempotencyKey), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

export function unsealForKeyHolder(sealed: string, idempotencyKey: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(idempotencyKey), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
