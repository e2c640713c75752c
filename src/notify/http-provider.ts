import type { NotificationProvider } from './notification-provider.ts';

/** A gateway that takes too long is treated as failed; the outbox retries later. */
export const HTTP_PROVIDER_TIMEOUT_MS = 10_000;

/**
 * The one HTTP shape for SMS and WeChat template messages: CareLoop POSTs JSON
 * `{ id, channel, template, to, lang, subject, text }` with `Authorization: Bearer <token>`; any 2xx is
 * delivered. An institution points it at its SMS gateway or a small adapter for its WeChat account
 * (which maps `template` to its own template id). `id` lets the gateway drop repeats.
 */
export function createHttpProvider(options: {
  name: string;
  url: string;
  token?: string | undefined;
}): NotificationProvider {
  return {
    name: options.name,
    async send(message) {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({
          id: message.id,
          channel: message.channel,
          template: message.template,
          to: message.recipient,
          lang: message.lang,
          subject: message.subject,
          text: message.body,
        }),
        signal: AbortSignal.timeout(HTTP_PROVIDER_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`${options.name} answered HTTP ${res.status}`);
    },
  };
}
