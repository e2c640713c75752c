import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { TEXT_MAX_CHARS } from '../../domain/ticket/new-ticket.ts';
import { CHANNELS } from '../../domain/ticket/ticket.ts';
import { createIdempotentFeedback } from '../../services/idempotent-feedback.ts';
import type { PatientView, TicketService } from '../../services/ticket.service.ts';
import type { Database } from '../../store/database.ts';
import type { TypeBoxApp } from '../app.ts';

const FeedbackBody = Type.Object(
  {
    text: Type.String({
      minLength: 1,
      maxLength: TEXT_MAX_CHARS,
      description: 'What happened, in the words of the person.',
    }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    channel: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)))),
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
    anonymous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const SubmitResponse = Type.Object({
  ticketNo: Type.String(),
  trackingCode: Type.String({ description: 'Secret code the patient uses to follow the case. Shown once.' }),
  status: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
});

const TrackParams = Type.Object({ trackingCode: Type.String({ minLength: 1, maxLength: 64 }) });
const TrackQuery = Type.Object(
  {
    phone4: Type.Optional(
      Type.String({ maxLength: 4, description: 'Last four digits of the phone given with the feedback.' }),
    ),
  },
  { additionalProperties: false },
);
const TimelineEntry = Type.Object({
  type: Type.String(),
  at: Type.String({ format: 'date-time' }),
  by: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
});
const PatientViewSchema = Type.Object({
  ticketNo: Type.String(),
  status: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  timeline: Type.Array(TimelineEntry),
});

const toJson = (view: PatientView) => ({
  ...view,
  receivedAt: view.receivedAt.toISOString(),
  timeline: view.timeline.map((e) => ({ ...e, at: e.at.toISOString() })),
});

export function feedbackRoutes(
  app: FastifyInstance,
  deps: { tickets: TicketService; database: Database },
): void {
  const r = app as unknown as TypeBoxApp;
  const idempotent = createIdempotentFeedback(deps);
  const tags = ['public'];

  r.post(
    '/api/v1/feedback',
    {
      schema: {
        tags,
        summary: 'Submit feedback (public)',
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({
              description:
                'A random key (UUID) per submission. Sending the same request again with the same key returns the first answer instead of creating a second ticket.',
            }),
          ),
        }),
        body: FeedbackBody,
        response: { 201: SubmitResponse },
      },
    },
    async (request, reply) => {
      const { result, replayed } = await idempotent.submit(request.body, request.headers['idempotency-key']);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send({ ...result, receivedAt: result.receivedAt.toISOString() });
    },
  );

  r.get(
    '/api/v1/track/:trackingCode',
    {
      schema: {
        tags,
        summary: 'Follow a case with its tracking code',
        params: TrackParams,
        querystring: TrackQuery,
        response: { 200: PatientViewSchema },
      },
    },
    async (request) =>
      toJson(await deps.tickets.track(request.params.trackingCode, request.query.phone4, { ip: request.ip })),
  );

  r.post(
    '/api/v1/track/:trackingCode/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the proposed solution, or say the problem is not solved',
        params: TrackParams,
        querystring: TrackQuery,
        body: Type.Object(
          {
            satisfied: Type.Boolean(),
            comment: Type.Optional(Type.String({ maxLength: 2000 })),
            phone4: Type.Optional(Type.String({ maxLength: 4 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PatientViewSchema },
      },
    },
    async (request) =>
      toJson(
        await deps.tickets.patientConfirm(
          request.params.trackingCode,
          request.body.phone4 ?? request.query.phone4,
          request.body.satisfied,
          request.body.comment,
          { ip: request.ip },
        ),
      ),
  );

  r.post(
    '/api/v1/track/:trackingCode/messages',
    {
      schema: {
        tags,
        summary: 'Write again about the case',
        params: TrackParams,
        querystring: TrackQuery,
        body: Type.Object(
          {
            text: Type.String({ minLength: 1, maxLength: TEXT_MAX_CHARS }),
            phone4: Type.Optional(Type.String({ maxLength: 4 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: PatientViewSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          toJson(
            await deps.tickets.patientMessage(
              request.params.trackingCode,
              request.body.phone4 ?? request.query.phone4,
              request.body.text,
              { ip: request.ip },
            ),
          ),
        ),
  );
}
