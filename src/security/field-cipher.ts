import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../domain/app-error.ts';
import { normalizePhone } from '../domain/security/masking.ts';
import type { KeyRing } from './key-ring.ts';

/**
 * Field-level encryption of personal data (AES-256-GCM) and the keyed hashes that let us find a ticket
 * by phone number without storing the number in clear.
 *
 * A ciphertext is text: `enc1:<key id>:<iv base64url>:<ciphertext+tag base64url>`. The key id inside
 * every value is what makes rotation possible: any key of the ring decrypts what it encrypted. Values
 * without the prefix are legacy plaintext and are returned as they are (a rotation encrypts them).
 */

const PREFIX = 'enc1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface FieldCipher {
  readonly currentKeyId: string;
  encrypt(plain: string | null | undefined): string | null;
  decrypt(stored: string | null | undefined): string | null;
  /** The key id a stored value was encrypted with; null for null or legacy plaintext. */
  keyIdOf(stored: string | null | undefined): string | null;
  /** Keyed hash of a phone number (digits only) under the current key. */
  phoneHmac(phone: string | null | undefined): string | null;
  /** The phone's keyed hash under every key of the ring: search matches rows not yet rotated. */
  phoneHmacsForSearch(phone: string): string[];
  /** Keyed hash of an arbitrary lower-cased identifier (email), same rules. */
  identifierHmac(value: string | null | undefined): string | null;
}

function macKey(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'careloop/phone-hmac/v1', 32));
}

export function createFieldCipher(ring: KeyRing): FieldCipher {
  const macKeys = new Map<string, Buffer>();
  const macKeyFor = (id: string): Buffer => {
    let k = macKeys.get(id);
    if (!k) {
      const key = ring.key(id);
      if (!key) throw new AppError('KEY_MISSING', `Encryption key ${id} is not in the key ring.`);
      k = macKey(key);
      macKeys.set(id, k);
    }
    return k;
  };
  const hmacWith = (id: string, value: string) =>
    createHmac('sha256', macKeyFor(id)).update(value).digest('base64url');

  return {
    currentKeyId: ring.currentId,
    encrypt(plain) {
      if (plain === null || plain === undefined) return null;
      const key = ring.key(ring.currentId)!;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated too: a value cannot be moved under another key's label.
      cipher.setAAD(Buffer.from(ring.currentId));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}:${ring.currentId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
    },
    decrypt(stored) {
      if (stored === null || stored === undefined) return null;
      if (!stored.startsWith(`${PREFIX}:`)) return stored;
      const [, id, ivText, bodyText] = stored.split(':');
      const key = id ? ring.key(id) : undefined;
      if (!id || !key || !ivText || !bodyText) {
        throw new AppError(
          'KEY_MISSING',
          `A value is encrypted with key ${id ?? '?'}, which is not in the key ring; restore that key.`,
        );
      }
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    },
    keyIdOf(stored) {
      if (!stored?.startsWith(`${PREFIX}:`)) return null;
      return stored.split(':')[1] ?? null;
    },
    phoneHmac(phone) {
      if (!phone) return null;
      const digits = normalizePhone(phone);
      return digits ? hmacWith(ring.currentId, digits) : null;
    },
    phoneHmacsForSearch(phone) {
      const digits = normalizePhone(phone);
      return digits ? ring.ids().map((id) => hmacWith(id, digits)) : [];
    },
    identifierHmac(value) {
      if (!value) return null;
      return hmacWith(ring.currentId, `id:${value.trim().toLowerCase()}`);
    },
  };
}

/**
 * The cipher the repositories of one database use. Registered once by the runtime (server.ts) for its
 * database handle; repositories look it up, so their constructors keep their shape.
 */
const ciphers = new WeakMap<object, FieldCipher>();

export function registerFieldCipher(db: object, cipher: FieldCipher): void {
  ciphers.set(db, cipher);
}

export function fieldCipherFor(db: object): FieldCipher | undefined {
  return ciphers.get(db);
}
