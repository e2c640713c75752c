import type { Logger } from 'pino';
import type { Database } from '../store/database.ts';
import { type CalendarService, createCalendarService, describeGap } from './calendar.service.ts';
import { createSlaService, type SlaService } from './sla.service.ts';

/** Stores the built-in calendars and DEFAULT_SLA_POLICY v1 where missing (idempotent; `careloop migrate` too). */
export async function seedSlaData(
  database: Database,
  now: Date,
): Promise<{ calendars: string[]; policy: boolean }> {
  const calendars = createCalendarService({ database });
  const sla = createSlaService({ database, calendars });
  return { calendars: await calendars.seed(now), policy: await sla.seed(now) };
}

/**
 * The SLA services of a running server, after seeding. Calendars lacking the current or next year's
 * holiday data are logged as warnings at start: deadlines in those years count weekends only.
 */
export async function startSla(
  database: Database,
  logger: Logger,
  now: Date,
): Promise<{ calendars: CalendarService; sla: SlaService }> {
  const seeded = await seedSlaData(database, now);
  if (seeded.calendars.length > 0 || seeded.policy) logger.info(seeded, 'SLA calendars and policy seeded');
  const calendars = createCalendarService({ database });
  for (const gap of await calendars.calendarCoverage(now)) {
    logger.warn({ calendar: gap.calendarId, missingYears: gap.missingYears }, describeGap(gap));
  }
  return { calendars, sla: createSlaService({ database, calendars }) };
}
