/**
 * Pauses ("waiting on the patient") turned into the stopped intervals the clocks skip: validated,
 * clipped to the receipt (the clock cannot stop before it starts), sorted and merged, so overlapping
 * or repeated pauses never count twice. An open pause (end null) becomes an interval ending at
 * Infinity and is always the last one.
 */
import { AppError } from '../app-error.ts';
import type { Interval } from '../calendar/working-time.ts';

export interface SlaPause {
  start: Date;
  /** null while the ticket is still waiting. */
  end: Date | null;
}

export function pausesToStops(pauses: readonly SlaPause[], receivedMs: number): Interval[] {
  if (pauses.length === 0) return [];
  const stops: Interval[] = [];
  pauses.forEach((pause, index) => {
    const start = pause?.start;
    const end = pause?.end;
    if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
      throw new AppError('SLA_BAD_PAUSE', `Pause ${index + 1}: start must be a valid instant.`, {
        field: `pauses[${index}].start`,
      });
    }
    if (end !== null && (!(end instanceof Date) || Number.isNaN(end.getTime()))) {
      throw new AppError(
        'SLA_BAD_PAUSE',
        `Pause ${index + 1}: end must be a valid instant or null (still paused).`,
        {
          field: `pauses[${index}].end`,
        },
      );
    }
    const endMs = end === null ? Number.POSITIVE_INFINITY : end.getTime();
    if (endMs < start.getTime()) {
      throw new AppError(
        'SLA_BAD_PAUSE',
        `Pause ${index + 1} ends (${end!.toISOString()}) before it starts (${start.toISOString()}).`,
        { field: `pauses[${index}].end` },
      );
    }
    const startMs = Math.max(start.getTime(), receivedMs);
    if (endMs > startMs) stops.push({ start: startMs, end: endMs });
  });
  stops.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const stop of stops) {
    const last = merged[merged.length - 1];
    if (last !== undefined && stop.start <= last.end) last.end = Math.max(last.end, stop.end);
    else merged.push({ ...stop });
  }
  return merged;
}
