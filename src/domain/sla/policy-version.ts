/**
 * A new version of the SLA policy, as an administrator proposes it: checked here before it is stored.
 * Stored versions never change; a ticket keeps the version it recorded, so a new version only times
 * tickets received from its start (sla.md, "Policies are data").
 */
import { AppError } from '../app-error.ts';
import { LEVELS } from '../ticket/ticket.ts';
import {
  type LevelTargets,
  type SlaPolicy,
  type Target,
  type TargetUnit,
  validateSlaPolicy,
} from './sla-policy.ts';

/**
 * The largest amount of each unit a target may have: a year. A bigger number is a typing slip (minutes
 * meant as hours), and far-off working-time deadlines cost the engine a walk through every day.
 */
export const TARGET_AMOUNT_MAX: Readonly<Record<TargetUnit, number>> = {
  calendar_minutes: 365 * 24 * 60,
  // 365 days of 8 working hours (the default weekly periods).
  working_minutes: 365 * 8 * 60,
  working_days: 365,
};

export interface PolicyVersionInput {
  /** The version the administrator started from: someone else publishing meanwhile is a conflict. */
  basedOnVersion: number;
  levels: Record<string, LevelTargets>;
  vipFirstResponseCap: Target;
  complexResolution: Target;
  multiDepartmentResolution: Target;
  flaggedLevels: number[];
}

/** The next version of `latest` with the input's targets; throws an AppError naming the field at fault. */
export function draftPolicyVersion(input: PolicyVersionInput, latest: SlaPolicy): SlaPolicy {
  if (input.basedOnVersion !== latest.version) {
    throw new AppError(
      'SLA_POLICY_CHANGED',
      `Version ${latest.version} of the policy was published after version ${input.basedOnVersion} you started from; reload and make your change again.`,
      { field: 'basedOnVersion', details: { latestVersion: latest.version } },
    );
  }
  // Tickets can only have the levels the ticket model knows: a policy must time each of them, and a
  // level no ticket can have would be a setting that does nothing.
  const given = Object.keys(input.levels).sort();
  const expected = LEVELS.map(String).sort();
  if (given.join() !== expected.join()) {
    throw new AppError(
      'SLA_BAD_POLICY',
      `A policy sets targets for levels ${expected.join(', ')} exactly; got ${given.join(', ') || 'none'}.`,
      { field: 'levels' },
    );
  }
  const policy: SlaPolicy = {
    id: latest.id,
    version: latest.version + 1,
    levels: Object.fromEntries(LEVELS.map((l) => [l, input.levels[String(l)]!])),
    vipFirstResponseCap: input.vipFirstResponseCap,
    complexResolution: input.complexResolution,
    multiDepartmentResolution: input.multiDepartmentResolution,
    flaggedLevels: [...new Set(input.flaggedLevels)].sort((a, b) => a - b),
  };
  validateSlaPolicy(policy);
  for (const [field, target] of targetsOf(policy)) {
    const max = TARGET_AMOUNT_MAX[target.unit];
    if (target.amount > max) {
      throw new AppError(
        'SLA_BAD_TARGET',
        `${field}: ${target.amount} ${target.unit} is more than a year (at most ${max}).`,
        { field, details: { max } },
      );
    }
  }
  return policy;
}

/** Every target of a policy with its field path, in the order a form shows them. */
export function targetsOf(policy: SlaPolicy): [string, Target][] {
  const out: [string, Target][] = [];
  for (const key of Object.keys(policy.levels).sort()) {
    const level = policy.levels[Number(key)]!;
    out.push([`levels.${key}.firstResponse`, level.firstResponse]);
    out.push([`levels.${key}.resolution`, level.resolution]);
  }
  out.push(['vipFirstResponseCap', policy.vipFirstResponseCap]);
  out.push(['complexResolution', policy.complexResolution]);
  out.push(['multiDepartmentResolution', policy.multiDepartmentResolution]);
  return out;
}

/** Where a stored version stands at `now`: timing new tickets, waiting for its start, or replaced. */
export type PolicyVersionState = 'current' | 'scheduled' | 'superseded';

/**
 * The state of each version (given newest start first, as the repository lists them). The current one is
 * the latest start at or before now — the same rule the SLA service uses to time a new ticket.
 */
export function versionStates(
  versions: readonly { id: string; version: number; activeFrom: Date }[],
  now: Date,
): PolicyVersionState[] {
  let currentSeen = false;
  return versions.map((v) => {
    if (v.activeFrom.getTime() > now.getTime()) return 'scheduled';
    if (currentSeen) return 'superseded';
    currentSeen = true;
    return 'current';
  });
}

/**
 * When a new version starts timing tickets: now, or a later instant (a policy agreed to start on the 1st
 * of next month). A start in the past is refused: tickets received since then were timed with the old
 * version and keep it, so a past start would claim what it cannot deliver.
 */
export function versionStart(requested: Date | undefined, now: Date): Date {
  if (requested === undefined) return now;
  if (Number.isNaN(requested.getTime()) || requested.getTime() < now.getTime()) {
    throw new AppError(
      'SLA_POLICY_START_IN_PAST',
      'A new policy version starts now or later; tickets already received keep the version they were timed with.',
      { field: 'activeFrom' },
    );
  }
  return requested;
}
