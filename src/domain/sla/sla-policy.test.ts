import { describe, expect, it } from 'vitest';
import { applicableTargets, DEFAULT_SLA_POLICY, type SlaPolicy, validateSlaPolicy } from './sla-policy.ts';

function codeOf(policy: SlaPolicy): string | undefined {
  try {
    validateSlaPolicy(policy);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

const withLevel2Resolution = (resolution: unknown): SlaPolicy => ({
  ...DEFAULT_SLA_POLICY,
  levels: {
    ...DEFAULT_SLA_POLICY.levels,
    2: { ...DEFAULT_SLA_POLICY.levels[2]!, resolution: resolution as never },
  },
});

describe('validateSlaPolicy', () => {
  it('accepts the default policy', () => {
    expect(codeOf(DEFAULT_SLA_POLICY)).toBeUndefined();
  });

  it.each([
    ['an unknown unit', { amount: 1, unit: 'fortnights' }],
    ['a zero amount', { amount: 0, unit: 'working_days' }],
    ['a negative amount', { amount: -30, unit: 'calendar_minutes' }],
    ['a fractional amount', { amount: 1.5, unit: 'working_days' }],
    ['no target', undefined],
  ])('rejects %s with SLA_BAD_TARGET', (_why, target) => {
    expect(codeOf(withLevel2Resolution(target))).toBe('SLA_BAD_TARGET');
  });

  it('rejects a bad VIP cap and flagged levels that do not exist', () => {
    expect(
      codeOf({ ...DEFAULT_SLA_POLICY, vipFirstResponseCap: { amount: 30, unit: 'minutes' as never } }),
    ).toBe('SLA_BAD_TARGET');
    expect(codeOf({ ...DEFAULT_SLA_POLICY, flaggedLevels: [7] })).toBe('SLA_BAD_POLICY');
    expect(codeOf({ ...DEFAULT_SLA_POLICY, levels: {} })).toBe('SLA_BAD_POLICY');
  });
});

describe('applicableTargets', () => {
  it('gives level 2 flagged tickets the longer resolution; multi-department wins', () => {
    expect(applicableTargets(DEFAULT_SLA_POLICY, 2, false, { complex: true }).resolution).toEqual({
      amount: 5,
      unit: 'working_days',
    });
    expect(
      applicableTargets(DEFAULT_SLA_POLICY, 2, false, { complex: true, multiDepartment: true }).resolution,
    ).toEqual({
      amount: 10,
      unit: 'working_days',
    });
  });

  it('ignores the flags on other levels (an urgent ticket keeps its 24 hours)', () => {
    expect(applicableTargets(DEFAULT_SLA_POLICY, 1, false, { multiDepartment: true }).resolution).toEqual({
      amount: 1440,
      unit: 'calendar_minutes',
    });
    expect(applicableTargets(DEFAULT_SLA_POLICY, 3, false, { complex: true }).resolutionSource).toBe('level');
  });

  it('rejects levels the policy does not define', () => {
    for (const level of [0, 4, 2.5, Number.NaN]) {
      expect(() => applicableTargets(DEFAULT_SLA_POLICY, level, false, {})).toThrow(
        expect.objectContaining({ code: 'SLA_UNKNOWN_LEVEL' }),
      );
    }
  });

  it('supports other level schemes', () => {
    const fourLevels: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      id: 'four-level',
      levels: {
        ...DEFAULT_SLA_POLICY.levels,
        4: {
          firstResponse: { amount: 2, unit: 'working_days' },
          resolution: { amount: 15, unit: 'working_days' },
        },
      },
    };
    expect(applicableTargets(fourLevels, 4, false, {}).resolution).toEqual({
      amount: 15,
      unit: 'working_days',
    });
  });
});
