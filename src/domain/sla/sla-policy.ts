/**
 * SLA policies as data. An institution can change every number and unit and add levels; each
 * ticket records the policy id and version it was timed with, and a change applies to tickets
 * received after it.
 */
import { AppError } from '../app-error.ts';

export type TargetUnit = 'calendar_minutes' | 'working_minutes' | 'working_days';

export const TARGET_UNITS: readonly TargetUnit[] = ['calendar_minutes', 'working_minutes', 'working_days'];

/** An amount of one kind of time (sla.md, "Targets"). */
export interface Target {
  /** A whole number ≥ 1. */
  amount: number;
  unit: TargetUnit;
}

export interface LevelTargets {
  firstResponse: Target;
  resolution: Target;
}

export interface SlaPolicy {
  id: string;
  version: number;
  levels: { [level: number]: LevelTargets };
  /** VIP / private-advisor channel: first response is the earlier of the level's and this. */
  vipFirstResponseCap: Target;
  /** Resolution of a ticket flagged `complex` at one of `flaggedLevels`. */
  complexResolution: Target;
  /** Resolution of a ticket flagged `multiDepartment` at one of `flaggedLevels` (wins over complex). */
  multiDepartmentResolution: Target;
  /** Levels whose resolution the flags replace. Default [2]: taxonomy.md gives the flagged targets
   *  to level-2 tickets only; an urgent level-1 ticket keeps its 24 hours. */
  flaggedLevels?: number[];
}

export const DEFAULT_FLAGGED_LEVELS: readonly number[] = [2];

export const DEFAULT_SLA_POLICY: SlaPolicy = deepFreeze({
  id: 'default',
  version: 1,
  levels: {
    1: {
      firstResponse: { amount: 30, unit: 'calendar_minutes' },
      resolution: { amount: 1440, unit: 'calendar_minutes' },
    },
    2: {
      firstResponse: { amount: 120, unit: 'working_minutes' },
      resolution: { amount: 1, unit: 'working_days' },
    },
    3: {
      firstResponse: { amount: 1, unit: 'working_days' },
      resolution: { amount: 5, unit: 'working_days' },
    },
  },
  vipFirstResponseCap: { amount: 30, unit: 'calendar_minutes' },
  complexResolution: { amount: 5, unit: 'working_days' },
  multiDepartmentResolution: { amount: 10, unit: 'working_days' },
  flaggedLevels: [2],
});

export interface TicketFlags {
  complex?: boolean;
  multiDepartment?: boolean;
}

/** The targets that apply to one ticket, with the reason for each (for explanations). */
export interface ApplicableTargets {
  firstResponse: Target;
  /** Set when the VIP cap competes with the level's first-response target. */
  vipCap: Target | null;
  resolution: Target;
  resolutionSource: 'level' | 'complex' | 'multi_department';
}

const validated = new WeakSet<SlaPolicy>();

/** Throws an AppError naming the first problem with a policy definition. */
export function validateSlaPolicy(policy: SlaPolicy): void {
  if (validated.has(policy)) return;
  if (typeof policy !== 'object' || policy === null)
    throw new AppError('SLA_BAD_POLICY', 'An SLA policy must be an object.');
  if (typeof policy.id !== 'string' || policy.id === '') {
    throw new AppError('SLA_BAD_POLICY', 'An SLA policy needs a non-empty id.', { field: 'id' });
  }
  if (!Number.isInteger(policy.version) || policy.version < 1) {
    throw new AppError('SLA_BAD_POLICY', `Policy ${policy.id}: version must be a whole number ≥ 1.`, {
      field: 'version',
    });
  }
  const levels = Object.keys(policy.levels ?? {});
  if (levels.length === 0)
    throw new AppError('SLA_BAD_POLICY', `Policy ${policy.id} defines no levels.`, { field: 'levels' });
  for (const key of levels) {
    const level = Number(key);
    if (!Number.isInteger(level) || level < 1) {
      throw new AppError(
        'SLA_BAD_POLICY',
        `Policy ${policy.id}: level '${key}' must be a whole number ≥ 1.`,
        { field: 'levels' },
      );
    }
    const targets = policy.levels[level]!;
    checkTarget(policy, targets?.firstResponse, `levels.${key}.firstResponse`);
    checkTarget(policy, targets?.resolution, `levels.${key}.resolution`);
  }
  checkTarget(policy, policy.vipFirstResponseCap, 'vipFirstResponseCap');
  checkTarget(policy, policy.complexResolution, 'complexResolution');
  checkTarget(policy, policy.multiDepartmentResolution, 'multiDepartmentResolution');
  for (const level of policy.flaggedLevels ?? []) {
    if (policy.levels[level] === undefined) {
      throw new AppError(
        'SLA_BAD_POLICY',
        `Policy ${policy.id}: flaggedLevels names level ${level}, which is not defined.`,
        {
          field: 'flaggedLevels',
        },
      );
    }
  }
  validated.add(policy);
}

function checkTarget(policy: SlaPolicy, target: Target | undefined, field: string): void {
  if (typeof target !== 'object' || target === null) {
    throw new AppError('SLA_BAD_TARGET', `Policy ${policy.id}: ${field} is missing.`, { field });
  }
  if (!TARGET_UNITS.includes(target.unit)) {
    throw new AppError(
      'SLA_BAD_TARGET',
      `Policy ${policy.id}: ${field} has unknown unit '${String(target.unit)}' (expected ${TARGET_UNITS.join(', ')}).`,
      { field },
    );
  }
  if (!Number.isInteger(target.amount) || target.amount < 1) {
    throw new AppError(
      'SLA_BAD_TARGET',
      `Policy ${policy.id}: ${field} amount must be a whole number ≥ 1, got ${String(target.amount)}.`,
      {
        field,
      },
    );
  }
}

/** The targets for a ticket of `level`; throws SLA_UNKNOWN_LEVEL for a level the policy lacks. */
export function applicableTargets(
  policy: SlaPolicy,
  level: number,
  vip: boolean,
  flags: TicketFlags,
): ApplicableTargets {
  validateSlaPolicy(policy);
  const targets = Number.isInteger(level) ? policy.levels[level] : undefined;
  if (targets === undefined) {
    const known = Object.keys(policy.levels).join(', ');
    throw new AppError(
      'SLA_UNKNOWN_LEVEL',
      `Unknown level ${String(level)}: policy ${policy.id} v${policy.version} has levels ${known}.`,
      {
        field: 'level',
      },
    );
  }
  const flagged = (policy.flaggedLevels ?? DEFAULT_FLAGGED_LEVELS).includes(level);
  let resolution = targets.resolution;
  let resolutionSource: ApplicableTargets['resolutionSource'] = 'level';
  if (flagged && flags.multiDepartment === true) {
    resolution = policy.multiDepartmentResolution;
    resolutionSource = 'multi_department';
  } else if (flagged && flags.complex === true) {
    resolution = policy.complexResolution;
    resolutionSource = 'complex';
  }
  return {
    firstResponse: targets.firstResponse,
    vipCap: vip ? policy.vipFirstResponseCap : null,
    resolution,
    resolutionSource,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
