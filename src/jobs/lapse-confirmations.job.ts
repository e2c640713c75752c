import { createConfirmationService } from '../services/confirmation.service.ts';
import { defineJob } from './job.ts';

const LAPSE_INTERVAL_MS = 15 * 60_000;

/** Closes, as "confirmed by lapse", proposed resolutions the patient left unanswered past the window. */
export const lapseConfirmationsJob = defineJob({
  id: 'lapse-confirmations',
  intervalMs: LAPSE_INTERVAL_MS,
  description: 'Close unanswered proposed resolutions after the confirmation window',
  handler: async (ctx) => {
    const service = createConfirmationService({
      database: ctx.database,
      windowDays: ctx.config.confirmationWindowDays,
    });
    const { lapsed } = await service.lapseConfirmations(ctx.now);
    return { lapsed: lapsed.length };
  },
});
