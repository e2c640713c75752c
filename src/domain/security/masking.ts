/** How personal data is shown where the full value is not needed (lists, timelines, exports to leadership). */

/** 13812345678 → 138****5678; short numbers show only their last digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 7
    ? `****${digits.slice(-Math.min(4, digits.length))}`
    : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** zhang.san@example.org → z***@example.org */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** 张三丰 → 张**; Zhang San → Z********: the family name (first character) stays, the rest goes. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 110101199003071234 → 1101**********1234 */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  return id.length <= 8 ? '********' : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** The digits of a phone number: the form phone search and the keyed hash work on. */
export function normalizePhone(phone: string): string {
  return phone.replace(/\D/g, '');
}
