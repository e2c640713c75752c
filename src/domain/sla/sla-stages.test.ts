import { describe, expect, it } from 'vitest';
import { CN_MAINLAND_CALENDAR } from '../calendar/cn-mainland.ts';
import { computeDeadlines } from './compute-deadlines.ts';
import { DEFAULT_SLA_POLICY } from './sla-policy.ts';
import { nextStageAt, slaStages, stageKey } from './sla-stages.ts';

const sh = (local: string) => new Date(`${local}+08:00`);
const deadlines = computeDeadlines({
  policy: DEFAULT_SLA_POLICY,
  calendar: CN_MAINLAND_CALENDAR,
  level: 2,
  receivedAt: sh('2026-03-11T10:00:00'),
});

describe('slaStages', () => {
  it('lists warning, breach and escalation of both targets in time order', () => {
    expect(slaStages(deadlines)).toEqual([
      { target: 'first_response', stage: 'warning', at: sh('2026-03-11T11:36:00') },
      { target: 'first_response', stage: 'breach', at: sh('2026-03-11T12:00:00') },
      { target: 'first_response', stage: 'escalation', at: sh('2026-03-11T15:30:00') },
      { target: 'resolution', stage: 'warning', at: sh('2026-03-12T14:42:00') },
      { target: 'resolution', stage: 'breach', at: sh('2026-03-12T17:30:00') },
      { target: 'resolution', stage: 'escalation', at: sh('2026-03-13T17:30:00') },
    ]);
  });

  it('leaves out stages held by an open pause', () => {
    const held = computeDeadlines({
      policy: DEFAULT_SLA_POLICY,
      calendar: CN_MAINLAND_CALENDAR,
      level: 2,
      receivedAt: sh('2026-03-11T10:00:00'),
      pauses: [{ start: sh('2026-03-11T11:45:00'), end: null }],
    });
    expect(slaStages(held).map(stageKey)).toEqual(['first_response:warning']);
  });
});

describe('nextStageAt', () => {
  it('is the earliest stage not fired yet', () => {
    expect(nextStageAt(deadlines, [])).toEqual(sh('2026-03-11T11:36:00'));
    expect(nextStageAt(deadlines, [{ target: 'first_response', stage: 'warning' }])).toEqual(
      sh('2026-03-11T12:00:00'),
    );
  });

  it('skips the stages of a target already met', () => {
    expect(nextStageAt(deadlines, [], ['first_response'])).toEqual(sh('2026-03-12T14:42:00'));
  });

  it('returns stages that are already past, so a sweep catches up after downtime', () => {
    const fired = [{ target: 'first_response' as const, stage: 'warning' as const }];
    expect(nextStageAt(deadlines, fired)).toEqual(sh('2026-03-11T12:00:00'));
  });

  it('is null when everything has fired', () => {
    expect(nextStageAt(deadlines, slaStages(deadlines))).toBeNull();
  });
});
