import type { Logger } from 'pino';
import type { NotifyConfig } from '../config.ts';
import { createHttpProvider } from '../notify/http-provider.ts';
import { createLogProvider } from '../notify/log-provider.ts';
import type { NotificationProvider, ProvidersByChannel } from '../notify/notification-provider.ts';
import { nextAttemptAt } from '../notify/retry-backoff.ts';
import { createSmtpProvider } from '../notify/smtp-provider.ts';
import type { Database } from '../store/database.ts';
import { createOutboxRepository, type OutboxState } from '../store/outbox.repository.ts';
import type { Clock } from './ticket.service.ts';

/** A drainer has this long to deliver what it leased before another may take the message over. */
export const DELIVERY_LEASE_MS = 5 * 60_000;
export const DRAIN_BATCH_SIZE = 50;

/** Providers from configuration: SMTP, SMS and WeChat gateways where configured, the log otherwise. */
export function providersFromConfig(config: NotifyConfig, logger: Logger): ProvidersByChannel {
  const log = createLogProvider(logger);
  const http = (name: string, url: string | undefined): NotificationProvider =>
    url ? createHttpProvider({ name, url, token: config.httpToken }) : log;
  return {
    email: config.smtpUrl ? createSmtpProvider({ url: config.smtpUrl, from: config.mailFrom }) : log,
    sms: http('sms-http', config.smsHttpUrl),
    wechat: http('wechat-http', config.wechatHttpUrl),
  };
}

export interface DrainReport {
  sent: number;
  failed: number;
  retrying: number;
}

export function createNotificationService(deps: {
  database: Database;
  providers: ProvidersByChannel;
  clock: Clock;
}) {
  const outbox = createOutboxRepository(deps.database.db);

  return {
    /**
     * Delivers due messages. A failure is recorded on the message (retried with backoff, then marked
     * failed for staff to see); it never touches the ticket whose change produced the message.
     */
    async drain(limit = DRAIN_BATCH_SIZE): Promise<DrainReport> {
      const now = deps.clock();
      const leased = await outbox.lease(now, new Date(now.getTime() + DELIVERY_LEASE_MS), limit);
      const report: DrainReport = { sent: 0, failed: 0, retrying: 0 };
      for (const message of leased) {
        const provider = deps.providers[message.channel];
        try {
          await provider.send(message);
          await outbox.markSent(message.id, provider.name, deps.clock());
          report.sent++;
        } catch (err) {
          const attempts = message.attempts + 1;
          const retryAt = nextAttemptAt(attempts, deps.clock());
          await outbox.markFailed(message.id, {
            provider: provider.name,
            error: err instanceof Error ? err.message : String(err),
            attempts,
            nextAttemptAt: retryAt,
          });
          if (retryAt) report.retrying++;
          else report.failed++;
        }
      }
      return report;
    },

    async list(filter: { state?: OutboxState; troubled?: boolean; ticketId?: number; limit?: number }) {
      return outbox.list({ ...filter, limit: filter.limit ?? 100 });
    },

    async retry(id: number): Promise<void> {
      await outbox.retry(id, deps.clock());
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
