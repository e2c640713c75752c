/**
 * The SLA policy form: a stored version becomes editable text fields, the fields become the body of
 * POST /api/v1/admin/sla-policy/versions. Amounts are checked here too, so a slip is named before the
 * request; the server checks again and its answer (with the field) is shown the same way.
 */
export type TargetUnit = 'calendar_minutes' | 'working_minutes' | 'working_days';
export const TARGET_UNITS: readonly TargetUnit[] = ['calendar_minutes', 'working_minutes', 'working_days'];

export interface Target {
  amount: number;
  unit: TargetUnit;
}
export interface LevelTargets {
  firstResponse: Target;
  resolution: Target;
}

/** One version as GET /api/v1/admin/sla-policy/versions lists it. */
export interface PolicyVersion {
  id: string;
  version: number;
  state: 'current' | 'scheduled' | 'superseded';
  activeFrom: string;
  createdAt: string;
  levels: Record<string, LevelTargets>;
  vipFirstResponseCap: Target;
  complexResolution: Target;
  multiDepartmentResolution: Target;
  flaggedLevels: number[];
}

export interface TargetDraft {
  amount: string;
  unit: TargetUnit;
}

export interface PolicyDraft {
  /** Field path (as the API names it, e.g. levels.2.resolution) → the target typed so far. */
  targets: Record<string, TargetDraft>;
  flaggedLevels: number[];
  /** Empty: the version starts when published; else the day it starts (00:00 in the institution's zone). */
  startDate: string;
}

/** The target fields of a policy with levels `levels`, in the order the form shows them. */
export function targetFields(levels: readonly number[]): string[] {
  return [
    ...levels.flatMap((l) => [`levels.${l}.firstResponse`, `levels.${l}.resolution`]),
    'vipFirstResponseCap',
    'complexResolution',
    'multiDepartmentResolution',
  ];
}

function targetAt(version: PolicyVersion, field: string): Target | undefined {
  const [head, level, which] = field.split('.');
  if (head === 'levels') return version.levels[level ?? '']?.[which as keyof LevelTargets];
  return version[field as 'vipFirstResponseCap' | 'complexResolution' | 'multiDepartmentResolution'];
}

/** A draft holding `version`'s targets: the next version starts as a copy of the newest one. */
export function draftFrom(version: PolicyVersion, levels: readonly number[]): PolicyDraft {
  const targets: Record<string, TargetDraft> = {};
  for (const field of targetFields(levels)) {
    const t = targetAt(version, field);
    targets[field] = { amount: t ? String(t.amount) : '', unit: t?.unit ?? 'working_days' };
  }
  return { targets, flaggedLevels: [...version.flaggedLevels], startDate: '' };
}

/** The fields whose amount is not a whole number from 1 to the unit's maximum. */
export function invalidTargets(
  draft: PolicyDraft,
  amountMax: Readonly<Record<TargetUnit, number>>,
): string[] {
  return Object.entries(draft.targets)
    .filter(([, t]) => {
      if (!/^[0-9]+$/.test(t.amount.trim())) return true;
      const n = Number(t.amount.trim());
      return n < 1 || n > amountMax[t.unit];
    })
    .map(([field]) => field);
}

/** The request body for publishing `draft` as the version after `basedOnVersion`. */
export function bodyFrom(
  draft: PolicyDraft,
  basedOnVersion: number,
  timeZone: string,
): Record<string, unknown> {
  const target = (field: string): Target => {
    const t = draft.targets[field]!;
    return { amount: Number(t.amount.trim()), unit: t.unit };
  };
  const levels: Record<string, LevelTargets> = {};
  for (const field of Object.keys(draft.targets)) {
    const [head, level] = field.split('.');
    if (head !== 'levels' || level === undefined) continue;
    levels[level] = {
      firstResponse: target(`levels.${level}.firstResponse`),
      resolution: target(`levels.${level}.resolution`),
    };
  }
  return {
    basedOnVersion,
    ...(draft.startDate ? { activeFrom: zonedMidnight(draft.startDate, timeZone) } : {}),
    levels,
    vipFirstResponseCap: target('vipFirstResponseCap'),
    complexResolution: target('complexResolution'),
    multiDepartmentResolution: target('multiDepartmentResolution'),
    flaggedLevels: [...draft.flaggedLevels].sort((a, b) => a - b),
  };
}

/** Wall-clock time of `instant` in `timeZone`, read as if it were UTC (ms). */
function wallClockMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/**
 * 00:00 of `date` (YYYY-MM-DD) in `timeZone`, as an ISO instant: the institution's day, whatever zone the
 * administrator's browser is in. Two passes settle a daylight-saving change near midnight.
 */
export function zonedMidnight(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let instant = wall - (wallClockMs(wall, timeZone) - wall);
  instant = wall - (wallClockMs(instant, timeZone) - instant);
  return new Date(instant).toISOString();
}
