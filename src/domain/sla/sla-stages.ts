/**
 * The timeline events a ticket's deadlines imply (warning, breach, escalation for each target),
 * and the one "next check" instant a sweep stores per ticket in an indexed column. Stages whose
 * instant has passed are still returned: after downtime the sweep catches up and fires each once.
 */
import type { SlaDeadlines, TargetDeadline } from './compute-deadlines.ts';

export type SlaTargetName = 'first_response' | 'resolution';
export type SlaStageName = 'warning' | 'breach' | 'escalation';

export interface SlaStageRef {
  target: SlaTargetName;
  stage: SlaStageName;
}

export interface SlaStage extends SlaStageRef {
  at: Date;
}

const STAGE_ORDER: Record<SlaStageName, number> = { warning: 0, breach: 1, escalation: 2 };
const TARGET_ORDER: Record<SlaTargetName, number> = { first_response: 0, resolution: 1 };

/** Every stage with a known instant, earliest first (ties: first response, then warning → escalation). */
export function slaStages(deadlines: Pick<SlaDeadlines, 'firstResponse' | 'resolution'>): SlaStage[] {
  const stages = [
    ...stagesOf('first_response', deadlines.firstResponse),
    ...stagesOf('resolution', deadlines.resolution),
  ];
  return stages.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      TARGET_ORDER[a.target] - TARGET_ORDER[b.target] ||
      STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage],
  );
}

/** A stable key for storing fired stages, e.g. 'first_response:warning'. */
export function stageKey(ref: SlaStageRef): string {
  return `${ref.target}:${ref.stage}`;
}

/**
 * The earliest stage not yet fired, or null when nothing is left to check (or every remaining
 * stage waits on an open pause). Targets already met (first reply sent, resolution confirmed) go in
 * `settledTargets`: their stages no longer fire.
 */
export function nextStageAt(
  deadlines: Pick<SlaDeadlines, 'firstResponse' | 'resolution'>,
  firedStages: readonly SlaStageRef[],
  settledTargets: readonly SlaTargetName[] = [],
): Date | null {
  const fired = new Set(firedStages.map(stageKey));
  for (const stage of slaStages(deadlines)) {
    if (!fired.has(stageKey(stage)) && !settledTargets.includes(stage.target)) return stage.at;
  }
  return null;
}

function stagesOf(target: SlaTargetName, deadline: TargetDeadline): SlaStage[] {
  const stages: SlaStage[] = [];
  if (deadline.warnAt !== null) stages.push({ target, stage: 'warning', at: deadline.warnAt });
  if (deadline.dueAt !== null) stages.push({ target, stage: 'breach', at: deadline.dueAt });
  if (deadline.escalateAt !== null) stages.push({ target, stage: 'escalation', at: deadline.escalateAt });
  return stages;
}
