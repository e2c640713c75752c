import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type PolicyVersionInput, TARGET_AMOUNT_MAX } from '../../domain/sla/policy-version.ts';
import { TARGET_UNITS } from '../../domain/sla/sla-policy.ts';
import { LEVELS } from '../../domain/ticket/ticket.ts';
import type { AuthService } from '../../services/auth.service.ts';
import type { SlaPolicyService, SlaPolicyVersionView } from '../../services/sla-policy.service.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffWith } from '../auth-guard.ts';

// Amounts and units are checked by the domain (policy-version.ts), which names the target at fault
// with SLA_BAD_TARGET; the schema only fixes the shape.
const Target = Type.Object(
  {
    amount: Type.Number({ description: 'A whole number ≥ 1' }),
    unit: Type.String({ maxLength: 40, description: TARGET_UNITS.join(' | ') }),
  },
  { additionalProperties: false },
);
const LevelTargets = Type.Object(
  { firstResponse: Target, resolution: Target },
  { additionalProperties: false },
);
const VersionBody = Type.Object(
  {
    basedOnVersion: Type.Integer({
      minimum: 1,
      description: 'The version the change starts from; 409 SLA_POLICY_CHANGED when a newer one exists',
    }),
    activeFrom: Type.Optional(
      Type.String({ format: 'date-time', description: 'Start timing new tickets at; default now' }),
    ),
    levels: Type.Record(Type.String({ pattern: '^[0-9]{1,2}$' }), LevelTargets, {
      description: `Targets of each level: ${LEVELS.join(', ')}`,
    }),
    vipFirstResponseCap: Target,
    complexResolution: Target,
    multiDepartmentResolution: Target,
    flaggedLevels: Type.Array(Type.Integer(), { maxItems: 10 }),
  },
  { additionalProperties: false },
);

function versionJson(v: SlaPolicyVersionView) {
  const p = v.policy;
  return {
    id: p.id,
    version: p.version,
    state: v.state,
    activeFrom: v.activeFrom.toISOString(),
    createdAt: v.createdAt.toISOString(),
    levels: p.levels,
    vipFirstResponseCap: p.vipFirstResponseCap,
    complexResolution: p.complexResolution,
    multiDepartmentResolution: p.multiDepartmentResolution,
    flaggedLevels: p.flaggedLevels ?? [2],
  };
}

/** The SLA policy's versions (admin.settings): read them, publish the next. */
export function slaPolicyRoutes(
  app: FastifyInstance,
  deps: { slaPolicies: SlaPolicyService; auth: AuthService; clock: () => Date },
): void {
  const r = app as unknown as TypeBoxApp;
  const tags = ['admin'];
  const preHandler = staffWith(deps.auth, 'admin.settings');

  r.get(
    '/api/v1/admin/sla-policy/versions',
    {
      preHandler,
      schema: {
        tags,
        summary: 'SLA policy versions, newest start first: current, scheduled or superseded, with targets',
      },
    },
    async () => ({
      items: (await deps.slaPolicies.list(deps.clock())).map(versionJson),
      levels: LEVELS,
      units: TARGET_UNITS,
      amountMax: TARGET_AMOUNT_MAX,
    }),
  );

  r.post(
    '/api/v1/admin/sla-policy/versions',
    {
      preHandler,
      schema: {
        tags,
        summary: 'Publish the next SLA policy version (times tickets received from its start)',
        description:
          'Versions never change once stored; tickets already received keep the version they were timed with.',
        body: VersionBody,
      },
    },
    async (request, reply) => {
      const { activeFrom, ...input } = request.body;
      // Units arrive as plain strings: draftPolicyVersion refuses an unknown one with SLA_BAD_TARGET.
      const checkedByDomain = input as typeof input & PolicyVersionInput;
      const published = await deps.slaPolicies.publish(
        { ...checkedByDomain, ...(activeFrom ? { activeFrom: new Date(activeFrom) } : {}) },
        request.access!,
        deps.clock(),
      );
      return reply.status(201).send({ version: versionJson(published) });
    },
  );
}
