import { describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, nextAttemptAt } from './retry-backoff.ts';

const now = new Date('2026-03-11T00:00:00Z');

describe('nextAttemptAt', () => {
  it('doubles the delay after each failure, from one minute', () => {
    expect(nextAttemptAt(1, now)?.toISOString()).toBe('2026-03-11T00:01:00.000Z');
    expect(nextAttemptAt(2, now)?.toISOString()).toBe('2026-03-11T00:02:00.000Z');
    expect(nextAttemptAt(5, now)?.toISOString()).toBe('2026-03-11T00:16:00.000Z');
  });

  it('caps the delay at six hours and gives up after the last attempt', () => {
    expect(nextAttemptAt(MAX_DELIVERY_ATTEMPTS - 1, now)?.toISOString()).toBe('2026-03-11T01:04:00.000Z');
    expect(nextAttemptAt(MAX_DELIVERY_ATTEMPTS, now)).toBeNull();
  });
});
