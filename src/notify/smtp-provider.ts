import nodemailer from 'nodemailer';
import type { NotificationProvider } from './notification-provider.ts';

/** E-mail through any SMTP server: smtp://user:pass@host:587 or smtps://… (nodemailer URL syntax). */
export function createSmtpProvider(options: { url: string; from: string }): NotificationProvider {
  const transport = nodemailer.createTransport(options.url);
  return {
    name: 'smtp',
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
      });
    },
  };
}
