import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../domain/app-error.ts';

/**
 * The keys that protect patients' contact details at rest. One key is current (new ciphertexts use it);
 * older keys stay until `careloop keys rotate` has re-encrypted everything under the current one.
 *
 * Where the keys come from, first match wins:
 *  1. CARELOOP_ENCRYPTION_KEY — base64 of 32 random bytes (plus CARELOOP_ENCRYPTION_PREVIOUS_KEYS, comma
 *     separated, while a rotation is under way);
 *  2. CARELOOP_KEY_FILE — a JSON key file (the format below);
 *  3. otherwise `<data dir>/careloop-keys.json`, generated (mode 0600) on the first start.
 * The database never holds a key: a stolen dump or backup alone reveals no contact details.
 */

export const KEY_BYTES = 32;
export const DEFAULT_KEY_FILE_NAME = 'careloop-keys.json';

export interface KeyFile {
  /** Id of the key new ciphertexts use. */
  current: string;
  /** id → base64 key. */
  keys: Record<string, string>;
}

export interface KeyRing {
  currentId: string;
  key(id: string): Buffer | undefined;
  ids(): string[];
  /** Where the ring came from, for the log and for `keys rotate`. */
  source: { kind: 'env' } | { kind: 'file'; path: string; generated: boolean } | { kind: 'memory' };
}

/** A key's id: derived from the key itself, so the same key always has the same id. */
export function keyIdOf(key: Buffer): string {
  return `k${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
}

function decodeKey(b64: string, what: string): Buffer {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new AppError(
      'KEY_INVALID',
      `${what} must be base64 of exactly ${KEY_BYTES} bytes (got ${key.length}).`,
    );
  }
  return key;
}

function ringOf(keys: Map<string, Buffer>, currentId: string, source: KeyRing['source']): KeyRing {
  if (!keys.has(currentId))
    throw new AppError('KEY_INVALID', `The current key ${currentId} is not in the key ring.`);
  return {
    currentId,
    key: (id) => keys.get(id),
    ids: () => [...keys.keys()],
    source,
  };
}

export function readKeyFile(file: string): KeyRing {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch (err) {
    throw new AppError('KEY_INVALID', `Cannot read the key file ${file}: ${(err as Error).message}`);
  }
  const keys = new Map<string, Buffer>();
  for (const [id, b64] of Object.entries(parsed.keys ?? {}))
    keys.set(id, decodeKey(b64, `Key ${id} in ${file}`));
  return ringOf(keys, parsed.current, { kind: 'file', path: file, generated: false });
}

export function writeKeyFile(file: string, content: KeyFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  fs.chmodSync(file, 0o600);
}

export function generateKey(): { id: string; b64: string } {
  const key = randomBytes(KEY_BYTES);
  return { id: keyIdOf(key), b64: key.toString('base64') };
}

export function memoryKeyRing(key: Buffer = randomBytes(KEY_BYTES)): KeyRing {
  const id = keyIdOf(key);
  return ringOf(new Map([[id, key]]), id, { kind: 'memory' });
}

export interface KeySettings {
  encryptionKey?: string | undefined;
  previousKeys?: string[] | undefined;
  keyFile?: string | undefined;
  dataDir: string;
}

/** Loads (or on first start creates) the key ring the settings name. */
export function loadKeyRing(settings: KeySettings): KeyRing {
  if (settings.encryptionKey) {
    const current = decodeKey(settings.encryptionKey, 'CARELOOP_ENCRYPTION_KEY');
    const keys = new Map<string, Buffer>([[keyIdOf(current), current]]);
    for (const old of settings.previousKeys ?? []) {
      const k = decodeKey(old, 'A key in CARELOOP_ENCRYPTION_PREVIOUS_KEYS');
      keys.set(keyIdOf(k), k);
    }
    return ringOf(keys, keyIdOf(current), { kind: 'env' });
  }
  if (settings.keyFile) return readKeyFile(settings.keyFile);
  // Tests and throw-away databases: a key that lives as long as the process.
  if (settings.dataDir.startsWith('memory://')) return memoryKeyRing();
  const file = path.join(settings.dataDir, DEFAULT_KEY_FILE_NAME);
  if (fs.existsSync(file)) return readKeyFile(file);
  const { id, b64 } = generateKey();
  writeKeyFile(file, { current: id, keys: { [id]: b64 } });
  const ring = readKeyFile(file);
  return { ...ring, source: { kind: 'file', path: file, generated: true } };
}

/** `careloop keys rotate` with a key file: a new current key, the old ones kept for decryption. */
export function addKeyToFile(file: string): string {
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const { id, b64 } = generateKey();
  content.keys[id] = b64;
  content.current = id;
  writeKeyFile(file, content);
  return id;
}

/** After a rotation has re-encrypted everything: drop keys no ciphertext uses any more. */
export function pruneKeyFile(file: string, keep: readonly string[]): string[] {
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const removed = Object.keys(content.keys).filter((id) => id !== content.current && !keep.includes(id));
  for (const id of removed) delete content.keys[id];
  writeKeyFile(file, content);
  return removed;
}
