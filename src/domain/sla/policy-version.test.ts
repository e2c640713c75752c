import { describe, expect, it } from 'vitest';
import {
  draftPolicyVersion,
  type PolicyVersionInput,
  TARGET_AMOUNT_MAX,
  versionStart,
  versionStates,
} from './policy-version.ts';
import { DEFAULT_SLA_POLICY } from './sla-policy.ts';

const input = (change: Partial<PolicyVersionInput> = {}): PolicyVersionInput => ({
  basedOnVersion: 1,
  levels: {
    '1': DEFAULT_SLA_POLICY.levels[1]!,
    '2': {
      firstResponse: { amount: 60, unit: 'working_minutes' },
      resolution: { amount: 2, unit: 'working_days' },
    },
    '3': DEFAULT_SLA_POLICY.levels[3]!,
  },
  vipFirstResponseCap: { amount: 20, unit: 'calendar_minutes' },
  complexResolution: DEFAULT_SLA_POLICY.complexResolution,
  multiDepartmentResolution: DEFAULT_SLA_POLICY.multiDepartmentResolution,
  flaggedLevels: [2, 2],
  ...change,
});

const codeAndField = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (err) {
    const e = err as { code?: string; field?: string };
    return `${e.code} ${e.field}`;
  }
};

describe('draftPolicyVersion', () => {
  it('makes the next version of the same policy with the new targets', () => {
    const next = draftPolicyVersion(input(), DEFAULT_SLA_POLICY);
    expect(next).toMatchObject({ id: 'default', version: 2, flaggedLevels: [2] });
    expect(next.levels[2]!.firstResponse).toEqual({ amount: 60, unit: 'working_minutes' });
    expect(next.vipFirstResponseCap).toEqual({ amount: 20, unit: 'calendar_minutes' });
    // The stored default is untouched (it is frozen, and versions never change).
    expect(DEFAULT_SLA_POLICY.levels[2]!.firstResponse.amount).toBe(120);
  });

  it('refuses a draft started from an older version', () => {
    expect(codeAndField(() => draftPolicyVersion(input({ basedOnVersion: 0 }), DEFAULT_SLA_POLICY))).toBe(
      'SLA_POLICY_CHANGED basedOnVersion',
    );
  });

  it('needs targets for exactly the levels tickets can have', () => {
    const { '3': _dropped, ...two } = input().levels;
    expect(codeAndField(() => draftPolicyVersion(input({ levels: two }), DEFAULT_SLA_POLICY))).toBe(
      'SLA_BAD_POLICY levels',
    );
    const four = { ...input().levels, '4': DEFAULT_SLA_POLICY.levels[3]! };
    expect(codeAndField(() => draftPolicyVersion(input({ levels: four }), DEFAULT_SLA_POLICY))).toBe(
      'SLA_BAD_POLICY levels',
    );
  });

  it('names the target at fault: zero, fractional, unknown unit, more than a year', () => {
    const level1 = (resolution: unknown) =>
      input({
        levels: {
          ...input().levels,
          '1': { ...DEFAULT_SLA_POLICY.levels[1]!, resolution: resolution as never },
        },
      });
    for (const bad of [
      { amount: 0, unit: 'working_days' },
      { amount: 1.5, unit: 'working_days' },
      { amount: 3, unit: 'weeks' },
      { amount: TARGET_AMOUNT_MAX.working_days + 1, unit: 'working_days' },
    ]) {
      expect(codeAndField(() => draftPolicyVersion(level1(bad), DEFAULT_SLA_POLICY))).toBe(
        'SLA_BAD_TARGET levels.1.resolution',
      );
    }
    expect(
      codeAndField(() =>
        draftPolicyVersion(
          level1({ amount: TARGET_AMOUNT_MAX.working_days, unit: 'working_days' }),
          DEFAULT_SLA_POLICY,
        ),
      ),
    ).toBeNull();
  });

  it('refuses flagged levels that do not exist', () => {
    expect(codeAndField(() => draftPolicyVersion(input({ flaggedLevels: [5] }), DEFAULT_SLA_POLICY))).toBe(
      'SLA_BAD_POLICY flaggedLevels',
    );
  });
});

describe('versionStart and versionStates', () => {
  const now = new Date('2026-05-06T02:00:00Z');

  it('starts now, or at a later instant, never in the past', () => {
    expect(versionStart(undefined, now)).toEqual(now);
    expect(versionStart(new Date('2026-06-01T00:00:00+08:00'), now).toISOString()).toBe(
      '2026-05-31T16:00:00.000Z',
    );
    expect(codeAndField(() => versionStart(new Date('2026-05-06T01:59:59Z'), now))).toBe(
      'SLA_POLICY_START_IN_PAST activeFrom',
    );
    expect(codeAndField(() => versionStart(new Date('nonsense'), now))).toBe(
      'SLA_POLICY_START_IN_PAST activeFrom',
    );
  });

  it('marks the latest start at or before now current, later starts scheduled, the rest superseded', () => {
    const v = (version: number, at: string) => ({ id: 'default', version, activeFrom: new Date(at) });
    expect(
      versionStates(
        [
          v(4, '2026-06-01T00:00:00Z'),
          v(3, '2026-05-06T02:00:00Z'),
          v(2, '2026-04-01T00:00:00Z'),
          v(1, '1970-01-01T00:00:00Z'),
        ],
        now,
      ),
    ).toEqual(['scheduled', 'current', 'superseded', 'superseded']);
  });
});
