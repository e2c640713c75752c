import { describe, expect, it } from 'vitest';
import { type MessageKey, type MessageParams, translate } from '../i18n/i18n.ts';
import { countdownText, nextDeadline, readDeadlines, slaState } from './sla-countdown.ts';

const t = (key: MessageKey, params?: MessageParams) => translate('en', key, params);
const RECEIVED = '2026-05-01T00:00:00Z';

describe('readDeadlines', () => {
  it('reads flat fields and marks a first response already given as met', () => {
    const deadlines = readDeadlines({
      firstResponseDueAt: '2026-05-01T02:00:00Z',
      resolutionDueAt: '2026-05-06T00:00:00Z',
      firstResponseAt: '2026-05-01T01:00:00Z',
      closedAt: null,
    });
    expect(deadlines.map((d) => [d.target, d.met])).toEqual([
      ['firstResponse', true],
      ['resolution', false],
    ]);
    expect(nextDeadline(deadlines)?.target).toBe('resolution');
  });

  it('reads a nested deadlines object with warnings and explanations', () => {
    const [d] = readDeadlines({
      deadlines: {
        firstResponse: { dueAt: '2026-05-01T02:00:00Z', warnAt: '2026-05-01T01:00:00Z', explanation: 'why' },
      },
    });
    expect(d).toMatchObject({ warnAt: '2026-05-01T01:00:00Z', explanation: 'why', met: false });
  });

  it('returns nothing for a ticket the SLA engine has not timed', () => {
    expect(readDeadlines({ level: null })).toEqual([]);
    expect(nextDeadline([])).toBeNull();
  });
});

describe('slaState and countdownText', () => {
  const due = {
    target: 'resolution' as const,
    dueAt: '2026-05-01T10:00:00Z',
    warnAt: null,
    explanation: null,
    met: false,
  };

  it('is ok before 80 % of the time has passed, a warning after, overdue at the deadline', () => {
    expect(slaState(due, RECEIVED, new Date('2026-05-01T07:59:00Z'))).toBe('ok');
    expect(slaState(due, RECEIVED, new Date('2026-05-01T08:00:00Z'))).toBe('warning');
    expect(slaState(due, RECEIVED, new Date('2026-05-01T10:00:00Z'))).toBe('overdue');
  });

  it('prefers the warning instant the ticket carries', () => {
    const withWarn = { ...due, warnAt: '2026-05-01T09:30:00Z' };
    expect(slaState(withWarn, RECEIVED, new Date('2026-05-01T09:00:00Z'))).toBe('ok');
  });

  it('says the state in words, with the time left or over', () => {
    expect(countdownText(due, RECEIVED, new Date('2026-05-01T04:30:00Z'), t)).toBe('5 h 30 min left');
    expect(countdownText(due, RECEIVED, new Date('2026-05-01T09:50:00Z'), t)).toBe('Due soon: 10 min left');
    expect(countdownText(due, RECEIVED, new Date('2026-05-02T11:00:00Z'), t)).toBe('Overdue by 1 d 1 h');
  });
});
