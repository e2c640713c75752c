import { createNotificationService, providersFromConfig } from '../services/notification.service.ts';
import { defineJob } from './job.ts';

const DELIVERY_INTERVAL_MS = 10_000;

/** Drains the notification outbox: delivers due messages, retries failures with backoff. */
export const deliverNotificationsJob = defineJob({
  id: 'deliver-notifications',
  intervalMs: DELIVERY_INTERVAL_MS,
  description: 'Deliver queued e-mail, SMS and WeChat notifications',
  handler: async (ctx) => {
    const service = createNotificationService({
      database: ctx.database,
      providers: providersFromConfig(ctx.config.notify, ctx.logger),
      clock: () => ctx.now,
    });
    const report = await service.drain();
    return { ...report };
  },
});
