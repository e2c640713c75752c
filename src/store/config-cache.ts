/**
 * Configuration that every intake reads and that changes a few times a year: routing rules, the SLA
 * policy versions, which calendar a department runs on. Reading it from the database at every intake cost
 * a round trip per item; here each item is kept per database for CONFIG_TTL_MS of real time.
 * A change made through this process forgets the item at once; a change made through another server on
 * the same database is seen here within CONFIG_TTL_MS (docs/scaling.md says so).
 */
export const CONFIG_TTL_MS = 5_000;

interface Entry {
  expires: number;
  value: Promise<unknown>;
}

// Keyed by the drizzle database object: one cache per database a process has open (tests open many).
const caches = new WeakMap<object, Map<string, Entry>>();

/**
 * The cached value of `key`, else `load()` (run on the caller's transaction, so the embedded database's
 * single connection is never asked twice at once). A failed load is not kept.
 */
export function cachedConfig<T>(db: object, key: string, load: () => Promise<T>): Promise<T> {
  let entries = caches.get(db);
  if (!entries) {
    entries = new Map();
    caches.set(db, entries);
  }
  const now = performance.now();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const value = load();
  const stored = entries;
  stored.set(key, { expires: now + CONFIG_TTL_MS, value });
  value.catch(() => {
    if (stored.get(key)?.value === value) stored.delete(key);
  });
  return value;
}

/** Forgets every cached item whose key starts with `prefix` (all of them without one). */
export function forgetConfig(db: object, prefix = ''): void {
  const entries = caches.get(db);
  if (!entries) return;
  for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
}
