import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { TEXT_MAX_CHARS } from '../../domain/ticket/new-ticket.ts';
import type { AuthService } from '../../services/auth.service.ts';
import { STAFF_CHANNELS } from '../../services/intake.service.ts';
import type { WorkflowServices } from '../../services/workflow-setup.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffWith } from '../auth-guard.ts';

/** Webhook bodies are small JSON documents; anything larger is not a feedback message. */
export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

const StaffEntryBody = Type.Object(
  {
    channel: Type.Union(
      STAFF_CHANNELS.map((c) => Type.Literal(c)),
      { description: 'How the person reached us.' },
    ),
    text: Type.String({
      minLength: 1,
      maxLength: TEXT_MAX_CHARS,
      description: 'What was said, as close to their words as possible.',
    }),
    receivedAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When they contacted us (may be before this entry).' }),
    ),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
    anonymous: Type.Optional(Type.Boolean()),
    externalRef: Type.Optional(
      Type.String({ maxLength: 100, description: '12345 work-order number, letter reference …' }),
    ),
    resolvedOnSpot: Type.Optional(
      Type.Object(
        {
          text: Type.String({ minLength: 1, maxLength: 2000, description: 'What was done there and then.' }),
          patientAgreed: Type.Boolean({
            description: 'The patient agreed it is resolved; required to close.',
          }),
          agreementNote: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export async function intakeRoutes(
  app: FastifyInstance,
  deps: { workflow: WorkflowServices; auth: AuthService },
) {
  const r = app as unknown as TypeBoxApp;

  r.post(
    '/api/v1/tickets',
    {
      preHandler: staffWith(deps.auth, 'ticket.write'),
      schema: {
        tags: ['intake'],
        summary: 'Record feedback taken by staff (hotline, desk, nurse station, letter, 12345, VIP advisor)',
        description:
          'The staff member entering it becomes the owner (首诉负责制). With resolvedOnSpot and patientAgreed=true the ticket is closed at once as resolved_on_spot.',
        body: StaffEntryBody,
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await deps.workflow.intake.recordByStaff(
        {
          ...b,
          receivedAt: b.receivedAt === undefined ? undefined : new Date(b.receivedAt),
        },
        request.staff!.id,
      );
      return reply.status(201).send({ ...result, receivedAt: result.receivedAt.toISOString() });
    },
  );

  // The webhook needs the raw bytes to check the signature, so it gets its own body parsing.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    const s = scope as unknown as TypeBoxApp;
    s.post(
      '/api/v1/intake/:source',
      {
        schema: {
          tags: ['intake'],
          summary: 'Feedback from another system (WeChat bridge, app, SMS gateway, HIS), signed',
          description:
            'Headers: X-CareLoop-Timestamp (Unix seconds, within 5 minutes), Idempotency-Key, X-CareLoop-Signature: v1=hex(HMAC-SHA256(secret, "v1:{timestamp}:{key}:" + raw body)). ' +
            'A repeated delivery with the same key returns the first answer (Idempotent-Replayed: true) and creates nothing.',
          params: Type.Object({ source: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }) }),
        },
      },
      async (request, reply) => {
        const header = (name: string) => {
          const v = request.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const answer = await deps.workflow.intake.receiveWebhook(
          request.params.source,
          {
            timestamp: header('x-careloop-timestamp'),
            signature: header('x-careloop-signature'),
            idempotencyKey: header('idempotency-key'),
          },
          raw,
        );
        if (answer.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.status(answer.status).send(answer.body);
      },
    );
  });
}
