/** Pure helpers of the calendars page: which years to offer, the overrides of one year, an import file. */

export interface CalendarSummary {
  id: string;
  name: string;
  timeZone: string;
  coveredYears: number[];
  missingYears: number[];
  version: number;
  overrideCount: number;
}

export interface CalendarOverride {
  date: string;
  kind: 'off' | 'working';
  name: string;
}

/** The years worth choosing: every year with data, the years warned about, and this one; in order. */
export function yearChoices(
  calendar: Pick<CalendarSummary, 'coveredYears' | 'missingYears'>,
  thisYear: number,
): number[] {
  return [...new Set([...calendar.coveredYears, ...calendar.missingYears, thisYear])].sort((a, b) => a - b);
}

/** The overrides of `year`, by date. */
export function overridesOfYear(overrides: readonly CalendarOverride[], year: number): CalendarOverride[] {
  return overrides.filter((o) => o.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
}

export type HolidayFileCheck = { ok: true; year: number; body: Record<string, unknown> } | { ok: false };

/**
 * Reads a holiday-cn year file enough to send it: JSON with a year. The server checks every entry and
 * loads all or nothing; this only catches a file that is not such JSON at all (a wrong file picked).
 */
export function readHolidayFile(text: string): HolidayFileCheck {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false };
  const year = (data as { year?: unknown }).year;
  if (typeof year !== 'number' || !Number.isInteger(year)) return { ok: false };
  return { ok: true, year, body: data as Record<string, unknown> };
}
