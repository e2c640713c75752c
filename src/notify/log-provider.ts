import type { Logger } from 'pino';
import type { NotificationProvider } from './notification-provider.ts';

/** Masks a recipient for logs: keeps enough to recognise it, not enough to contact anyone. */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient.slice(0, 1)}***${recipient.slice(at)}`;
  return recipient.length > 4 ? `***${recipient.slice(-4)}` : '***';
}

/** The development default: writes that a message would be sent — never its body, which may hold a code. */
export function createLogProvider(logger: Logger): NotificationProvider {
  return {
    name: 'log',
    async send(message) {
      logger.info(
        {
          notification: message.id,
          channel: message.channel,
          template: message.template,
          to: maskRecipient(message.recipient),
        },
        'notification (log provider)',
      );
    },
  };
}
