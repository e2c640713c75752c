import { AppError } from '../app-error.ts';

/**
 * Password rules after NIST SP 800-63B: length over composition rules, no known-common passwords, not
 * the username. Composition rules ("one digit, one symbol") make passwords predictable, not strong.
 */
export const PASSWORD_MIN_CHARS = 10;
export const PASSWORD_MAX_CHARS = 200;

const COMMON = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  'qwertyuiop',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou123',
  'abcdefghij',
  'abc1234567',
  'qwerty12345',
  'admin12345',
  'administrator',
  'welcome123',
  'changeme123',
  'woaini1314',
  'a123456789',
  '1qaz2wsx3edc',
  'careloop123',
]);

/** Throws AUTH_WEAK_PASSWORD naming the first rule broken. */
export function checkPassword(password: string, username?: string): void {
  const fail = (message: string) => {
    throw new AppError('AUTH_WEAK_PASSWORD', message, { field: 'password' });
  };
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_CHARS) fail(`Passwords need at least ${PASSWORD_MIN_CHARS} characters.`);
  if (chars.length > PASSWORD_MAX_CHARS) fail(`Passwords have at most ${PASSWORD_MAX_CHARS} characters.`);
  if (new Set(chars).size < 5) fail('The password repeats too few different characters.');
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) fail('This password is too common; choose another.');
  // The username with a few characters added is guessed first; a long password that merely contains it is fine.
  if (username && username.length >= 3 && [...lower.replaceAll(username.toLowerCase(), '')].length < 6) {
    fail('The password must not be (a variant of) the username.');
  }
}
