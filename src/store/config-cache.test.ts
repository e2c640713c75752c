import { describe, expect, it } from 'vitest';
import { cachedConfig, forgetConfig } from './config-cache.ts';

describe('config cache', () => {
  it('loads once per database and key until forgotten', async () => {
    const db = {};
    let loads = 0;
    const load = async () => ++loads;
    expect(await cachedConfig(db, 'rules', load)).toBe(1);
    expect(await cachedConfig(db, 'rules', load)).toBe(1);
    // Another database has its own cache.
    expect(await cachedConfig({}, 'rules', load)).toBe(2);
    forgetConfig(db, 'ru');
    expect(await cachedConfig(db, 'rules', load)).toBe(3);
  });

  it('forgets by prefix only', async () => {
    const db = {};
    let loads = 0;
    const load = async () => ++loads;
    await cachedConfig(db, 'calendar-ref:1', load);
    await cachedConfig(db, 'routing-rules', load);
    forgetConfig(db, 'calendar-ref:');
    expect(await cachedConfig(db, 'routing-rules', load)).toBe(2);
    expect(await cachedConfig(db, 'calendar-ref:1', load)).toBe(3);
  });

  it('does not keep a failed load', async () => {
    const db = {};
    await expect(cachedConfig(db, 'k', async () => Promise.reject(new Error('db down')))).rejects.toThrow();
    await new Promise((r) => setImmediate(r));
    expect(await cachedConfig(db, 'k', async () => 'ok')).toBe('ok');
  });
});
