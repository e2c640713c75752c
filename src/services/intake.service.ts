import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { verifyWebhook, type WebhookHeaders } from '../channels/webhook-signature.ts';
import { AppError, isAppError } from '../domain/app-error.ts';
import { TEXT_MAX_CHARS } from '../domain/ticket/new-ticket.ts';
import { type Actor, CHANNELS, type Channel, SYSTEM } from '../domain/ticket/ticket.ts';
import { applyTicketAction } from '../domain/ticket/ticket-lifecycle.ts';
import { sealForKeyHolder, sha256Hex, unsealForKeyHolder } from '../security/idempotency-seal.ts';
import type { Database } from '../store/database.ts';
import { createIdempotencyRepository } from '../store/idempotency.repository.ts';
import { createIntakeRepository, type IntakeSource } from '../store/intake.repository.ts';
import type { Clock, SubmitResult, TicketService } from './ticket.service.ts';
import { type IntakeHook, type IntakePlan, NEW_TICKET_STATE } from './ticket-hooks.ts';

/** Channels a staff member records by hand: someone called, came to the desk, wrote a letter … */
export const STAFF_CHANNELS = [
  'hotline',
  'desk',
  'nurse_station',
  'letter',
  'email',
  'hotline_12345',
  'vip_advisor',
  'wechat',
] as const satisfies readonly Channel[];
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

export interface StaffEntryInput {
  channel: StaffChannel;
  text: string;
  receivedAt?: Date;
  name?: string;
  phone?: string;
  email?: string;
  lang?: 'zh' | 'en';
  anonymous?: boolean;
  /** The hand-off's own number (a 12345 work order, a letter's reference). */
  externalRef?: string;
  /** Settled while the person was there; closed at once, counted as resolved on the spot. */
  resolvedOnSpot?: { text: string; patientAgreed: boolean; agreementNote?: string };
}

/** What a webhook source may send. */
export const WebhookPayload = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: TEXT_MAX_CHARS }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
    anonymous: Type.Optional(Type.Boolean()),
    receivedAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    externalId: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export interface WebhookAnswer {
  status: 201;
  body: Record<string, unknown>;
  /** True when this delivery repeated an earlier one and got the earlier answer. */
  replayed: boolean;
}

const answerOf = (r: SubmitResult) => ({
  ticketNo: r.ticketNo,
  trackingCode: r.trackingCode,
  status: r.status,
  receivedAt: r.receivedAt.toISOString(),
});

function parseIsoDate(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new AppError('VALIDATION_FAILED', `"${field}" is not a date-time.`, { field });
  return d;
}

/** A concurrent delivery holds the idempotency key; its answer is read once it has committed. */
class KeyHeldElsewhere extends Error {}

export function createIntakeService(deps: {
  database: Database;
  tickets: TicketService;
  clock: Clock;
  intakeSecrets: Record<string, string>;
}) {
  const intake = createIntakeRepository(deps.database.db);
  const idempotency = createIdempotencyRepository(deps.database.db);

  // Stored as a hash, like the public form's keys; 0.1.0 stored webhook keys in clear (found as a fallback).
  const keyHashOf = (source: string, key: string) => sha256Hex(`${source}\0${key}`);

  async function replay(source: string, key: string, bodyHash: string): Promise<WebhookAnswer | null> {
    const earlier =
      (await idempotency.find(source, keyHashOf(source, key))) ?? (await idempotency.find(source, key));
    if (!earlier) return null;
    if (earlier.bodyHash !== bodyHash) {
      throw new AppError(
        'INTAKE_IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for a different request; use a new key for new content.',
      );
    }
    const stored = (earlier.response ?? {}) as Record<string, unknown>;
    const { sealed, ...rest } = stored;
    const body =
      typeof sealed === 'string' ? { ...rest, trackingCode: unsealForKeyHolder(sealed, key) } : stored; // an answer stored by 0.1.0, tracking code in clear
    return { status: 201, body, replayed: true };
  }

  return {
    /**
     * Staff entry (hotline, desk, nurse station, letter, 12345 …). The person entering it owns the
     * ticket (首诉负责制). "Resolved on the spot" needs the patient's agreement and closes it at once.
     */
    async recordByStaff(input: StaffEntryInput, staffId: number): Promise<SubmitResult> {
      if (!(STAFF_CHANNELS as readonly string[]).includes(input.channel)) {
        throw new AppError(
          'FEEDBACK_BAD_CHANNEL',
          `Staff entry takes one of: ${STAFF_CHANNELS.join(', ')}.`,
          {
            field: 'channel',
          },
        );
      }
      const onSpot = input.resolvedOnSpot;
      if (onSpot && !onSpot.patientAgreed) {
        throw new AppError(
          'ON_SPOT_NEEDS_AGREEMENT',
          'A case is closed on the spot only with the patient’s agreement; otherwise record it and handle it.',
          { field: 'resolvedOnSpot.patientAgreed' },
        );
      }
      if (onSpot && onSpot.text.trim() === '') {
        throw new AppError('VALIDATION_FAILED', 'Say how it was resolved.', { field: 'resolvedOnSpot.text' });
      }
      const actor: Actor = { type: 'staff', id: staffId };
      const plan: IntakeHook = async (_t, ctx): Promise<IntakePlan> => {
        const events = [
          {
            type: 'intake_recorded',
            actor,
            at: ctx.now,
            visibility: 'internal' as const,
            payload: {
              enteredBy: staffId,
              channel: input.channel,
              ...(input.externalRef ? { externalRef: input.externalRef } : {}),
            },
          },
        ];
        if (!onSpot) return { events };
        const done = applyTicketAction(
          NEW_TICKET_STATE,
          { type: 'resolve_on_spot', text: onSpot.text.trim() },
          actor,
          ctx.now,
        );
        const [first, ...rest] = done.events;
        const agreement = {
          patientAgreed: true,
          ...(onSpot.agreementNote ? { agreementNote: onSpot.agreementNote } : {}),
        };
        return {
          columns: {
            status: done.state.status,
            firstResponseAt: done.state.firstResponseAt,
            closedAt: done.state.closedAt,
            closure: done.state.closure,
          },
          events: [...events, { ...first!, payload: { ...first!.payload, ...agreement } }, ...rest],
        };
      };
      return deps.tickets.submitFeedback(
        {
          text: input.text,
          name: input.name,
          phone: input.phone,
          email: input.email,
          lang: input.lang,
          anonymous: input.anonymous,
          channel: input.channel,
          receivedAt: input.receivedAt,
        },
        actor,
        { plan },
      );
    },

    /**
     * Webhook intake. Verified (signature, timestamp) before anything is read; the idempotency key is
     * claimed in the ticket's own transaction, so a retried delivery — even one arriving while the
     * first is still being written — never creates a second ticket and gets the first answer.
     */
    async receiveWebhook(
      sourceCode: string,
      headers: WebhookHeaders,
      rawBody: Buffer,
    ): Promise<WebhookAnswer> {
      const source: IntakeSource | null = await intake.findSource(sourceCode);
      const secret = deps.intakeSecrets[sourceCode];
      // An unknown source, a disabled one and one without a configured secret look the same from outside.
      if (!source?.active || !secret) {
        throw new AppError('INTAKE_SOURCE_UNKNOWN', `No active intake source "${sourceCode}".`);
      }
      const { idempotencyKey } = verifyWebhook(secret, headers, rawBody, deps.clock());
      const bodyHash = createHash('sha256').update(rawBody).digest('hex');
      const earlier = await replay(source.code, idempotencyKey, bodyHash);
      if (earlier) return earlier;

      let payload: unknown;
      try {
        payload = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new AppError('INVALID_JSON', 'The request body is not valid JSON.');
      }
      if (!Value.Check(WebhookPayload, payload)) {
        const first = [...Value.Errors(WebhookPayload, payload)][0];
        const field = first?.path.replace(/^\//, '').replaceAll('/', '.') || undefined;
        throw new AppError(
          'VALIDATION_FAILED',
          `${field ? `"${field}" ` : ''}${first?.message ?? 'is not valid'}.`,
          {
            ...(field ? { field } : {}),
          },
        );
      }
      const body = payload as typeof WebhookPayload.static;
      const channel = (CHANNELS as readonly string[]).includes(source.channel)
        ? (source.channel as Channel)
        : 'webhook';
      const plan: IntakeHook = async (_t, ctx): Promise<IntakePlan> => {
        if (
          !(await idempotency.claim(
            source.code,
            keyHashOf(source.code, idempotencyKey),
            bodyHash,
            ctx.now,
            ctx.tx,
          ))
        )
          throw new KeyHeldElsewhere();
        return {
          columns: source.vip ? { vip: true } : {},
          events: [
            {
              type: 'intake_recorded',
              actor: SYSTEM,
              at: ctx.now,
              visibility: 'internal',
              payload: { source: source.code, ...(body.externalId ? { externalId: body.externalId } : {}) },
            },
          ],
          afterInsert: async (ticket, tx) => {
            await idempotency.complete(
              source.code,
              keyHashOf(source.code, idempotencyKey),
              ticket.id,
              {
                ticketNo: ticket.ticketNo,
                status: ticket.status,
                receivedAt: ticket.receivedAt.toISOString(),
                sealed: sealForKeyHolder(ctx.trackingCode, idempotencyKey),
              },
              tx,
            );
          },
        };
      };
      try {
        const result = await deps.tickets.submitFeedback(
          {
            text: body.text,
            name: body.name,
            phone: body.phone,
            email: body.email,
            lang: body.lang,
            anonymous: body.anonymous,
            channel,
            receivedAt: parseIsoDate(body.receivedAt, 'receivedAt'),
          },
          SYSTEM,
          { plan },
        );
        return { status: 201, body: answerOf(result), replayed: false };
      } catch (err) {
        if (!(err instanceof KeyHeldElsewhere) && !isUniqueViolation(err)) throw err;
        const first = await replay(source.code, idempotencyKey, bodyHash);
        if (!first) throw err;
        return first;
      }
    },

    async listSources() {
      return intake.listSources();
    },

    async saveSource(source: IntakeSource) {
      if (!/^[a-z0-9_-]{1,40}$/.test(source.code)) {
        throw new AppError('VALIDATION_FAILED', 'Source codes are 1–40 lower-case letters, digits, - or _.', {
          field: 'code',
        });
      }
      if (!(CHANNELS as readonly string[]).includes(source.channel)) {
        throw new AppError('FEEDBACK_BAD_CHANNEL', `channel must be one of: ${CHANNELS.join(', ')}.`, {
          field: 'channel',
        });
      }
      const saved = await intake.upsertSource(source);
      return { ...saved, secretConfigured: deps.intakeSecrets[source.code] !== undefined };
    },
  };
}

/** PostgreSQL unique_violation: a concurrent delivery committed the same key first. */
function isUniqueViolation(err: unknown): boolean {
  if (isAppError(err)) return false;
  const code =
    (err as { code?: string; cause?: { code?: string } }).code ??
    (err as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}

export type IntakeService = ReturnType<typeof createIntakeService>;
