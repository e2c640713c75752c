/** Delivery retries: exponential backoff, then give up and show the failure to staff. */

export const FIRST_RETRY_DELAY_MS = 60_000;
export const MAX_RETRY_DELAY_MS = 6 * 3600_000;
/** After this many failed attempts a message is marked failed (about a day of trying in all). */
export const MAX_DELIVERY_ATTEMPTS = 8;

/** When to try again after the `attempts`-th failure, or null to give up. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return null;
  const delayMs = Math.min(FIRST_RETRY_DELAY_MS * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
  return new Date(now.getTime() + delayMs);
}
