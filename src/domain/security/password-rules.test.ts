import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-rules.ts';

describe('password rules', () => {
  it('accepts long passphrases without composition rules', () => {
    expect(() => checkPassword('correct-horse-battery')).not.toThrow();
    expect(() => checkPassword('我的密码是长城很长很长')).not.toThrow();
    expect(() => checkPassword('clerk-password-1', 'clerk')).not.toThrow();
  });
  it.each([
    ['short1234', 'at least 10'],
    ['aaaaaaaaaaaa', 'different characters'],
    ['Password123', 'too common'],
    ['zhangwei2024', 'variant of'],
  ])('refuses %s', (pw, message) => {
    expect(() => checkPassword(pw, 'zhangwei')).toThrow(message);
  });
});
