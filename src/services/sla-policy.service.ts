import { AppError } from '../domain/app-error.ts';
import {
  draftPolicyVersion,
  type PolicyVersionInput,
  type PolicyVersionState,
  versionStart,
  versionStates,
} from '../domain/sla/policy-version.ts';
import type { SlaPolicy } from '../domain/sla/sla-policy.ts';
import type { Database } from '../store/database.ts';
import { createSlaPolicyRepository } from '../store/sla-policy.repository.ts';
import { type AccessContext, type AuditTrail, actorOf } from './access.ts';

export interface SlaPolicyVersionView {
  policy: SlaPolicy;
  activeFrom: Date;
  createdAt: Date;
  state: PolicyVersionState;
}

/**
 * The SLA policy as administrators edit it: a list of immutable versions, and publishing the next one.
 * New tickets pick the version in force at their receipt (sla.service.ts reads the store each time), so a
 * published version applies on every server at once; tickets already timed keep the version they recorded.
 */
export function createSlaPolicyService(deps: { database: Database; audit?: AuditTrail }) {
  const policies = createSlaPolicyRepository(deps.database.db);

  return {
    /** Every version, newest start first, each marked current, scheduled or superseded at `now`. */
    async list(now: Date): Promise<SlaPolicyVersionView[]> {
      const stored = await policies.list();
      const states = versionStates(
        stored.map((s) => ({ ...s.definition, activeFrom: s.activeFrom })),
        now,
      );
      return stored.map((s, i) => ({
        policy: s.definition,
        activeFrom: s.activeFrom,
        createdAt: s.createdAt,
        state: states[i]!,
      }));
    },

    /**
     * Stores the next version of the policy with the input's targets, starting now or at `activeFrom`,
     * and records who did it in the audit log, in one transaction.
     */
    async publish(
      input: PolicyVersionInput & { activeFrom?: Date },
      by: AccessContext,
      now: Date,
    ): Promise<SlaPolicyVersionView> {
      const activeFrom = versionStart(input.activeFrom, now);
      const published = await deps.database.db.transaction(async (tx): Promise<SlaPolicyVersionView> => {
        const all = await policies.list(tx);
        // The newest version of the policy line (by number, not by start): the one a draft builds on.
        const latest = all
          .map((s) => s.definition)
          .reduce<SlaPolicy | null>((a, b) => (a === null || b.version > a.version ? b : a), null);
        if (!latest)
          throw new AppError('SLA_POLICY_NOT_FOUND', 'No SLA policy is stored; restart to seed the default.');
        const policy = draftPolicyVersion(input, latest);
        if (!(await policies.insert(policy, activeFrom, now, tx))) {
          // Another administrator stored this version number between our read and our write.
          throw new AppError(
            'SLA_POLICY_CHANGED',
            `Version ${policy.version} of the policy was just published by someone else; reload and make your change again.`,
            { field: 'basedOnVersion' },
          );
        }
        await deps.audit?.record(
          {
            at: now,
            ...actorOf(by),
            action: 'sla_policy.publish',
            target: `sla_policy:${policy.id}@${policy.version}`,
            details: { activeFrom: activeFrom.toISOString(), basedOnVersion: input.basedOnVersion },
          },
          tx,
        );
        return {
          policy,
          activeFrom,
          createdAt: now,
          state: activeFrom.getTime() > now.getTime() ? 'scheduled' : 'current',
        };
      });
      // An intake between the insert and the commit may have cached the list without the new version.
      policies.forgetCached();
      return published;
    },
  };
}

export type SlaPolicyService = ReturnType<typeof createSlaPolicyService>;
