import { describe, expect, it } from 'vitest';
import { type MessageKey, type MessageParams, translate } from '../i18n/i18n.ts';
import { countdownText, type Deadline, nextDeadline, readDeadlines, slaState } from './sla-countdown.ts';

const t = (key: MessageKey, params?: MessageParams) => translate('en', key, params);
const RECEIVED = '2026-05-01T00:00:00Z';

describe('readDeadlines', () => {
  it('reads the list fields and takes a first response already given as met', () => {
    const deadlines = readDeadlines({
      status: 'acknowledged',
      firstResponseDueAt: '2026-05-01T02:00:00Z',
      resolutionDueAt: '2026-05-06T00:00:00Z',
      firstResponseAt: '2026-05-01T01:00:00Z',
    });
    expect(deadlines.map((d) => [d.target, d.met])).toEqual([
      ['firstResponse', true],
      ['resolution', false],
    ]);
    expect(nextDeadline(deadlines)?.target).toBe('resolution');
  });

  it('counts nothing down on a finished ticket', () => {
    const deadlines = readDeadlines({ status: 'closed', resolutionDueAt: '2026-05-06T00:00:00Z' });
    expect(nextDeadline(deadlines)).toBeNull();
  });

  it("reads the detail's deadline views with warnings, pauses and explanations", () => {
    const deadlines = readDeadlines({
      deadlines: [
        {
          target: 'first_response',
          dueAt: '2026-05-01T02:00:00Z',
          warnAt: '2026-05-01T01:36:00Z',
          met: false,
          paused: false,
          remainingMinutes: 90,
          explanation: 'level 2: 2 working hours',
        },
        {
          target: 'resolution',
          dueAt: null,
          warnAt: null,
          met: false,
          paused: true,
          remainingMinutes: null,
          explanation: 'x',
        },
      ],
    });
    expect(deadlines[0]).toMatchObject({
      target: 'firstResponse',
      warnAt: '2026-05-01T01:36:00Z',
      met: false,
    });
    expect(deadlines[0]?.explanation).toBe('level 2: 2 working hours');
    expect(deadlines[1]).toMatchObject({ target: 'resolution', paused: true, met: false });
  });

  it('treats a stopped deadline view (not met, not paused, not counting) as settled', () => {
    const [d] = readDeadlines({
      deadlines: [
        {
          target: 'resolution',
          dueAt: '2026-05-06T00:00:00Z',
          met: false,
          paused: false,
          remainingMinutes: null,
        },
      ],
    });
    expect(d?.met).toBe(true);
  });

  it('returns nothing for a ticket the SLA engine has not timed', () => {
    expect(readDeadlines({ level: null })).toEqual([]);
    expect(readDeadlines({ deadlines: [] })).toEqual([]);
  });
});

describe('slaState and countdownText', () => {
  const due: Deadline = {
    target: 'resolution',
    dueAt: '2026-05-01T10:00:00Z',
    warnAt: null,
    explanation: null,
    met: false,
    paused: false,
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

  it('says the state in words, with the time left or over, or that the clock is paused', () => {
    expect(countdownText(due, RECEIVED, new Date('2026-05-01T04:30:00Z'), t)).toBe('5 h 30 min left');
    expect(countdownText(due, RECEIVED, new Date('2026-05-01T09:50:00Z'), t)).toBe('Due soon: 10 min left');
    expect(countdownText(due, RECEIVED, new Date('2026-05-02T11:00:00Z'), t)).toBe('Overdue by 1 d 1 h');
    const paused = { ...due, dueAt: null, paused: true };
    expect(countdownText(paused, RECEIVED, new Date('2026-05-01T04:30:00Z'), t)).toBe(
      'Clock paused (waiting on the patient)',
    );
  });
});
