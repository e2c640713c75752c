import { describe, expect, it } from 'vitest';
import {
  bodyFrom,
  draftFrom,
  invalidTargets,
  type PolicyVersion,
  targetFields,
  zonedMidnight,
} from './sla-form.ts';

const V1: PolicyVersion = {
  id: 'default',
  version: 1,
  state: 'current',
  activeFrom: '1970-01-01T00:00:00.000Z',
  createdAt: '2026-03-01T00:00:00.000Z',
  levels: {
    '1': {
      firstResponse: { amount: 30, unit: 'calendar_minutes' },
      resolution: { amount: 1440, unit: 'calendar_minutes' },
    },
    '2': {
      firstResponse: { amount: 120, unit: 'working_minutes' },
      resolution: { amount: 1, unit: 'working_days' },
    },
    '3': {
      firstResponse: { amount: 1, unit: 'working_days' },
      resolution: { amount: 5, unit: 'working_days' },
    },
  },
  vipFirstResponseCap: { amount: 30, unit: 'calendar_minutes' },
  complexResolution: { amount: 5, unit: 'working_days' },
  multiDepartmentResolution: { amount: 10, unit: 'working_days' },
  flaggedLevels: [2],
};
const MAX = { calendar_minutes: 525600, working_minutes: 175200, working_days: 365 };

describe('SLA policy form', () => {
  it('round-trips a version through the form into the next version request', () => {
    const draft = draftFrom(V1, [1, 2, 3]);
    expect(Object.keys(draft.targets)).toEqual(targetFields([1, 2, 3]));
    expect(draft.targets['levels.2.firstResponse']).toEqual({ amount: '120', unit: 'working_minutes' });
    draft.targets['levels.1.firstResponse'] = { amount: ' 15 ', unit: 'calendar_minutes' };
    const body = bodyFrom(draft, 1, 'Asia/Shanghai');
    expect(body).toEqual({
      basedOnVersion: 1,
      levels: {
        '1': {
          firstResponse: { amount: 15, unit: 'calendar_minutes' },
          resolution: V1.levels['1']!.resolution,
        },
        '2': V1.levels['2'],
        '3': V1.levels['3'],
      },
      vipFirstResponseCap: V1.vipFirstResponseCap,
      complexResolution: V1.complexResolution,
      multiDepartmentResolution: V1.multiDepartmentResolution,
      flaggedLevels: [2],
    });
    expect(bodyFrom({ ...draft, startDate: '2026-10-01' }, 1, 'Asia/Shanghai').activeFrom).toBe(
      '2026-09-30T16:00:00.000Z',
    );
  });

  it('names amounts that are empty, not whole, zero or more than the unit allows', () => {
    const draft = draftFrom(V1, [1, 2, 3]);
    expect(invalidTargets(draft, MAX)).toEqual([]);
    draft.targets['levels.1.resolution'] = { amount: '', unit: 'calendar_minutes' };
    draft.targets['levels.2.resolution'] = { amount: '1.5', unit: 'working_days' };
    draft.targets['levels.3.resolution'] = { amount: '366', unit: 'working_days' };
    draft.targets.vipFirstResponseCap = { amount: '0', unit: 'calendar_minutes' };
    draft.targets.complexResolution = { amount: '366', unit: 'working_minutes' };
    expect(invalidTargets(draft, MAX)).toEqual([
      'levels.1.resolution',
      'levels.2.resolution',
      'levels.3.resolution',
      'vipFirstResponseCap',
    ]);
  });

  it("takes a start day as midnight in the institution's zone, daylight saving included", () => {
    expect(zonedMidnight('2026-01-01', 'Asia/Shanghai')).toBe('2025-12-31T16:00:00.000Z');
    expect(zonedMidnight('2026-07-01', 'Europe/Berlin')).toBe('2026-06-30T22:00:00.000Z');
    expect(zonedMidnight('2026-01-15', 'Europe/Berlin')).toBe('2026-01-14T23:00:00.000Z');
    expect(zonedMidnight('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(zonedMidnight('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
  });
});
