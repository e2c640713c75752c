import { describe, expect, it } from 'vitest';
import { isAppError } from '../app-error.ts';
import { fromLocalMs, isValidTimeZone, timeZoneIndex, toLocalMs, utcOffsetMs } from './zoned-time.ts';

const HOUR = 3_600_000;
const ms = (iso: string) => new Date(iso).getTime();

/** An independent reading of the offset straight from Intl, no caching, to check the cache against. */
const referenceFormatters = new Map<string, Intl.DateTimeFormat>();
function intlOffset(zone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  let formatter = referenceFormatters.get(zone);
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  referenceFormatters.set(zone, formatter);
  const parts = formatter.formatToParts(new Date(whole));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - whole
  );
}

describe('utcOffsetMs', () => {
  it('switches at the exact instant of the London DST changes of 2026', () => {
    const london = timeZoneIndex('Europe/London');
    expect(utcOffsetMs(london, ms('2026-03-29T00:59:59.999Z'))).toBe(0);
    expect(utcOffsetMs(london, ms('2026-03-29T01:00:00Z'))).toBe(HOUR);
    expect(utcOffsetMs(london, ms('2026-10-25T00:59:59.999Z'))).toBe(HOUR);
    expect(utcOffsetMs(london, ms('2026-10-25T01:00:00Z'))).toBe(0);
  });

  it('switches at the exact instant of the New York DST changes of 2026', () => {
    const newYork = timeZoneIndex('America/New_York');
    expect(utcOffsetMs(newYork, ms('2026-03-08T06:59:59Z'))).toBe(-5 * HOUR);
    expect(utcOffsetMs(newYork, ms('2026-03-08T07:00:00Z'))).toBe(-4 * HOUR);
    expect(utcOffsetMs(newYork, ms('2026-11-01T05:59:59Z'))).toBe(-4 * HOUR);
    expect(utcOffsetMs(newYork, ms('2026-11-01T06:00:00Z'))).toBe(-5 * HOUR);
  });

  it('matches Intl everywhere, including odd zones and historical changes', () => {
    const windows: [string, string][] = [
      ['Australia/Lord_Howe', '2026-04-04T00:00:00Z'], // 30-minute DST
      ['Asia/Kathmandu', '1986-01-01T00:00:00Z'], // +05:30 → +05:45
      ['America/St_Johns', '2026-11-01T00:00:00Z'], // -02:30 → -03:30
      ['Pacific/Apia', '2011-12-29T00:00:00Z'], // skipped 30 Dec 2011 entirely
      ['Asia/Shanghai', '1988-04-16T00:00:00Z'], // China's DST, 1986–1991
      ['Europe/London', '2026-10-24T12:00:00Z'],
      ['America/New_York', '2026-03-07T12:00:00Z'],
      ['Asia/Shanghai', '2026-01-01T00:00:00Z'],
    ];
    const mismatches: string[] = [];
    for (const [zone, from] of windows) {
      const index = timeZoneIndex(zone);
      // Every 7 minutes 13 seconds over three days: lands on both sides of each change.
      for (let t = ms(from); t < ms(from) + 72 * HOUR; t += 433_000) {
        if (utcOffsetMs(index, t) !== intlOffset(zone, t))
          mismatches.push(`${zone} at ${new Date(t).toISOString()}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('fromLocalMs', () => {
  const local = (iso: string) => ms(`${iso}Z`);

  it('maps ordinary wall times one to one', () => {
    const shanghai = timeZoneIndex('Asia/Shanghai');
    expect(fromLocalMs(shanghai, local('2026-03-11T08:00:00'))).toBe(ms('2026-03-11T00:00:00Z'));
    expect(toLocalMs(shanghai, ms('2026-03-11T00:00:00Z'))).toBe(local('2026-03-11T08:00:00'));
  });

  it('moves a wall time inside a spring-forward gap forward by the gap', () => {
    expect(fromLocalMs(timeZoneIndex('Europe/London'), local('2026-03-29T01:30:00'))).toBe(
      ms('2026-03-29T01:30:00Z'),
    ); // 02:30 BST
    expect(fromLocalMs(timeZoneIndex('America/New_York'), local('2026-03-08T02:30:00'))).toBe(
      ms('2026-03-08T07:30:00Z'),
    ); // 03:30 EDT
  });

  it('takes the first of two repeated wall times when clocks go back', () => {
    expect(fromLocalMs(timeZoneIndex('Europe/London'), local('2026-10-25T01:30:00'))).toBe(
      ms('2026-10-25T00:30:00Z'),
    ); // BST
    expect(fromLocalMs(timeZoneIndex('America/New_York'), local('2026-11-01T01:30:00'))).toBe(
      ms('2026-11-01T05:30:00Z'),
    ); // EDT
  });
});

describe('time zone names', () => {
  it('accepts IANA names and rejects anything else with CALENDAR_BAD_ZONE', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    try {
      timeZoneIndex('Mars/Olympus_Mons');
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err) && err.code).toBe('CALENDAR_BAD_ZONE');
    }
  });
});
