/** The calendars the product ships with, and a resolver over them for tools without a database. */
import { AppError } from '../app-error.ts';
import type { WorkingCalendar } from './calendar.ts';
import { CN_MAINLAND_CALENDAR } from './cn-mainland.ts';
import { WEEKENDS_CALENDAR } from './weekends.ts';

export const DEFAULT_CALENDAR_ID = 'cn-mainland';

export const SEED_CALENDARS: readonly WorkingCalendar[] = [CN_MAINLAND_CALENDAR, WEEKENDS_CALENDAR];

export async function resolveSeedCalendar(id: string): Promise<WorkingCalendar> {
  const calendar = SEED_CALENDARS.find((candidate) => candidate.id === id);
  if (calendar === undefined) {
    const known = SEED_CALENDARS.map((candidate) => candidate.id).join(', ');
    throw new AppError('CALENDAR_NOT_FOUND', `No calendar '${id}' (known: ${known}).`, { field: 'calendar' });
  }
  return calendar;
}
