import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { placeholders, translate } from './i18n.ts';
import { zh } from './zh.ts';

describe('message catalogues', () => {
  it('have exactly the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = Object.keys(zh).filter((key) => {
      const k = key as keyof typeof zh;
      return placeholders(zh[k]).join() !== placeholders(en[k]).join();
    });
    expect(mismatched).toEqual([]);
  });

  it('have no empty message', () => {
    expect(Object.entries(zh).filter(([, v]) => v.trim() === '')).toEqual([]);
    expect(Object.entries(en).filter(([, v]) => v.trim() === '')).toEqual([]);
  });

  it('keeps Chinese out of the English catalogue, except the name of the other language', () => {
    const withHan = Object.entries(en).filter(
      ([k, v]) => k !== 'prefs.language' && /\p{Script=Han}/u.test(v),
    );
    expect(withHan).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh', 'done.ticketNo', { no: '2026-000001' })).toBe('编号：2026-000001');
    expect(translate('en', 'done.ticketNo')).toBe('Number: {no}');
  });
});
