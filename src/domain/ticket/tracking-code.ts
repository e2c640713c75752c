import { AppError } from '../app-error.ts';

/**
 * The patient's tracking code: 26 characters of Crockford base32, i.e. 130 random bits — not guessable,
 * and free of look-alike characters (no I, L, O, U) so it survives being read out over the phone.
 * Only its hash is stored. Randomness is passed in so the domain stays pure.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_LENGTH = 26;

export function encodeTrackingCode(random: Uint8Array): string {
  if (random.length < 17)
    throw new AppError('TRACKING_CODE_ENTROPY', 'A tracking code needs at least 17 random bytes.');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < TRACKING_CODE_LENGTH) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * Accepts what a person types: lower case, spaces or dashes, and the look-alikes O→0, I/L→1.
 * Returns null for anything that cannot be a tracking code (without saying more).
 */
export function normalizeTrackingCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== TRACKING_CODE_LENGTH) return null;
  for (const ch of cleaned) if (!ALPHABET.includes(ch)) return null;
  return cleaned;
}

/** Digits of the sequence part of a ticket number, zero-padded (more when the count outgrows them). */
export const TICKET_NO_DIGITS = 6;

// Building an Intl formatter costs far more than using one; intake formats one per ticket.
const yearFormats = new Map<string, Intl.DateTimeFormat>();

/** What every ticket number received at this instant starts with: the year of receipt in the zone, and "-". */
export function ticketNoPrefix(receivedAt: Date, timeZone: string): string {
  let format = yearFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' });
    yearFormats.set(timeZone, format);
  }
  return `${format.format(receivedAt)}-`;
}

/**
 * Ticket numbers people can say and write: the year of receipt and a zero-padded sequence number.
 * (The repository builds the same number in SQL, so taking the sequence value costs no round trip.)
 */
export function formatTicketNo(receivedAt: Date, sequence: number, timeZone: string): string {
  return `${ticketNoPrefix(receivedAt, timeZone)}${String(sequence).padStart(TICKET_NO_DIGITS, '0')}`;
}
