import { describe, expect, it } from 'vitest';
import { type Candidate, chooseHandler } from './choose-handler.ts';

const c = (userId: number, load: number, over: Partial<Candidate> = {}): Candidate => ({
  userId,
  load,
  available: true,
  departmentHead: false,
  languages: ['zh'],
  skills: [],
  ...over,
});

const req = { lang: 'zh', level: 2, lastAssignedId: null };

describe('chooseHandler', () => {
  it('picks the least-loaded available handler', () => {
    const pick = chooseHandler([c(1, 5), c(2, 1), c(3, 0, { available: false })], req);
    expect(pick).toEqual({ userId: 2, reason: 'least_loaded', languageMatched: true });
  });

  it('prefers handlers who speak the ticket language, even when busier', () => {
    const pick = chooseHandler([c(1, 0), c(2, 4, { languages: ['zh', 'en'] })], { ...req, lang: 'en' });
    expect(pick?.userId).toBe(2);
  });

  it('still assigns when nobody speaks the language, and says so', () => {
    const pick = chooseHandler([c(1, 3), c(2, 1)], { ...req, lang: 'en' });
    expect(pick).toEqual({ userId: 2, reason: 'least_loaded', languageMatched: false });
  });

  it('goes round-robin among equally loaded handlers, wrapping around', () => {
    const team = [c(7, 2), c(3, 2), c(5, 2), c(9, 4)];
    expect(chooseHandler(team, { ...req, lastAssignedId: null })?.userId).toBe(3);
    expect(chooseHandler(team, { ...req, lastAssignedId: 3 })?.userId).toBe(5);
    expect(chooseHandler(team, { ...req, lastAssignedId: 5 })?.userId).toBe(7);
    expect(chooseHandler(team, { ...req, lastAssignedId: 7 })?.userId).toBe(3);
  });

  it('narrows to the needed skill when someone has it', () => {
    const team = [c(1, 0), c(2, 3, { skills: ['sign_language'] })];
    expect(chooseHandler(team, { ...req, skill: 'sign_language' })?.userId).toBe(2);
    expect(chooseHandler(team, { ...req, skill: 'legal' })?.userId).toBe(1);
  });

  it('sends level 1 to the department head even when busy or off the rota', () => {
    const team = [c(1, 0), c(2, 9, { departmentHead: true, available: false })];
    expect(chooseHandler(team, { ...req, level: 1 })).toEqual({
      userId: 2,
      reason: 'department_head',
      languageMatched: true,
    });
  });

  it('returns null when nobody is available', () => {
    expect(chooseHandler([c(1, 0, { available: false })], req)).toBeNull();
  });
});
