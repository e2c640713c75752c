import type { OutboxChannel } from '../store/outbox.repository.ts';

/** Something that delivers one rendered message: log, SMTP, an SMS or WeChat HTTP gateway. */
export interface NotificationProvider {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

export interface OutgoingMessage {
  id: number;
  channel: OutboxChannel;
  template: string;
  recipient: string;
  lang: string;
  subject: string;
  body: string;
}

export type ProvidersByChannel = Record<OutboxChannel, NotificationProvider>;
