import { AppError } from '../app-error.ts';
import { type Actor, CHANNELS, type Channel, type Lang, type TicketEventDraft } from './ticket.ts';

/** Limits on what a person can send in one piece of feedback. */
export const TEXT_MAX_CHARS = 5000;
export const NAME_MAX_CHARS = 100;

export interface NewFeedbackInput {
  text: string;
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  channel?: string | undefined;
  lang?: string | undefined;
  anonymous?: boolean | undefined;
  /** When the person contacted us; staff may set it earlier than entry (a call logged afterwards). */
  receivedAt?: Date | undefined;
}

export interface NewTicket {
  text: string;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  channel: Channel;
  lang: Lang;
  anonymous: boolean;
  receivedAt: Date;
  events: TicketEventDraft[];
}

const PHONE_RE = /^\+?[0-9][0-9 -]{5,19}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Guesses the language of a text when the sender did not say: any Han character makes it Chinese. */
export function guessLang(text: string): Lang {
  return /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}

/**
 * Validates and normalises feedback into a new ticket with its first event. Anonymous feedback keeps
 * no contact details at all — not even ones sent by mistake — because that is what anonymity promises.
 */
export function prepareNewTicket(input: NewFeedbackInput, actor: Actor, now: Date): NewTicket {
  const text = input.text.trim();
  if (text.length === 0)
    throw new AppError('FEEDBACK_TEXT_EMPTY', 'Please describe what happened.', { field: 'text' });
  if ([...text].length > TEXT_MAX_CHARS) {
    throw new AppError('FEEDBACK_TEXT_TOO_LONG', `The text is longer than ${TEXT_MAX_CHARS} characters.`, {
      field: 'text',
    });
  }
  const channel = (input.channel ?? 'web') as Channel;
  if (!CHANNELS.includes(channel)) {
    throw new AppError(
      'FEEDBACK_BAD_CHANNEL',
      `Unknown channel "${input.channel}". Use one of: ${CHANNELS.join(', ')}.`,
      {
        field: 'channel',
      },
    );
  }
  if (input.lang !== undefined && input.lang !== 'zh' && input.lang !== 'en') {
    throw new AppError('FEEDBACK_BAD_LANG', 'lang must be "zh" or "en".', { field: 'lang' });
  }
  const anonymous = input.anonymous === true;
  const clean = (v: string | undefined) =>
    v === undefined || v.trim() === '' || anonymous ? null : v.trim();
  const contactName = clean(input.name);
  const contactPhone = clean(input.phone);
  const contactEmail = clean(input.email);
  if (contactName !== null && [...contactName].length > NAME_MAX_CHARS) {
    throw new AppError('FEEDBACK_NAME_TOO_LONG', `The name is longer than ${NAME_MAX_CHARS} characters.`, {
      field: 'name',
    });
  }
  if (contactPhone !== null && !PHONE_RE.test(contactPhone)) {
    throw new AppError(
      'FEEDBACK_BAD_PHONE',
      'The phone number should contain digits only (spaces, dashes and a leading + allowed).',
      {
        field: 'phone',
      },
    );
  }
  if (contactEmail !== null && (!EMAIL_RE.test(contactEmail) || contactEmail.length > 254)) {
    throw new AppError('FEEDBACK_BAD_EMAIL', 'The e-mail address does not look right.', { field: 'email' });
  }
  const receivedAt = input.receivedAt ?? now;
  if (receivedAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('FEEDBACK_RECEIVED_IN_FUTURE', 'The time of contact cannot be in the future.', {
      field: 'receivedAt',
    });
  }
  const lang = (input.lang as Lang | undefined) ?? guessLang(text);
  return {
    text,
    contactName,
    contactPhone,
    contactEmail,
    channel,
    lang,
    anonymous,
    receivedAt,
    events: [
      {
        type: 'received',
        actor,
        at: now,
        visibility: 'patient',
        payload: { channel, receivedAt: receivedAt.toISOString(), anonymous },
      },
    ],
  };
}

/** Last four digits of a phone number: what a patient proves when tracking a case that has a phone. */
export function phoneLast4(phone: string): string {
  return phone.replace(/\D/g, '').slice(-4);
}
