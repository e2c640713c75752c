import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/app-error.ts';
import { maskEmail, maskIdNumber, maskPhone } from '../../domain/security/masking.ts';
import type { Permission } from '../../domain/security/permissions.ts';
import { CATEGORIES, KINDS, STATUSES, type Status } from '../../domain/ticket/ticket.ts';
import type { TicketAction } from '../../domain/ticket/ticket-lifecycle.ts';
import type { AuthService } from '../../services/auth.service.ts';
import type { TicketService } from '../../services/ticket.service.ts';
import type { Database } from '../../store/database.ts';
import { createStaffDirectoryRepository } from '../../store/staff-directory.repository.ts';
import type { TicketRecord } from '../../store/ticket.repository.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffWith } from '../auth-guard.ts';
import { slaDeadlines, slaListFields } from '../sla-view.ts';

const literalUnion = <T extends readonly (string | number)[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v)));
const csv = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

function summary(t: TicketRecord, now: Date) {
  return {
    ticketNo: t.ticketNo,
    receivedAt: t.receivedAt.toISOString(),
    channel: t.channel,
    lang: t.lang,
    status: t.status,
    kind: t.kind,
    category: t.category,
    level: t.level,
    vip: t.vip,
    departmentId: t.departmentId,
    ownerId: t.ownerId,
    assigneeId: t.assigneeId,
    contactName: t.contactName,
    contactPhone: maskPhone(t.contactPhone),
    excerpt: t.text.length > 140 ? `${t.text.slice(0, 140)}…` : t.text,
    reopenCount: t.reopenCount,
    version: t.version,
    // With it the queue knows a first-response deadline is met and stops counting it down.
    firstResponseAt: t.firstResponseAt?.toISOString() ?? null,
    ...slaListFields(t, now),
  };
}

function detail(t: TicketRecord, now: Date) {
  return {
    ...summary(t, now),
    deadlines: slaDeadlines(t, now),
    text: t.text,
    // Shown in full only through the logged reveal endpoint (POST /api/v1/tickets/{no}/reveal-contact).
    contactEmail: maskEmail(t.contactEmail),
    contactIdNumber: maskIdNumber(t.contactIdNumber),
    subjectStaffId: t.subjectStaffId ?? null,
    anonymised: Boolean(t.anonymisedAt),
    anonymous: t.anonymous,
    complex: t.complex,
    multiDepartment: t.multiDepartment,
    resolutionProposedAt: t.resolutionProposedAt?.toISOString() ?? null,
    closedAt: t.closedAt?.toISOString() ?? null,
    closure: t.closure,
    duplicateOfId: t.duplicateOfId,
  };
}

const IntString = Type.String({ pattern: '^[0-9]{1,15}$' });
const TicketNoParams = Type.Object({ ticketNo: Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' }) });
const VersionField = {
  expectedVersion: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Refuse the change if the ticket moved on.' }),
  ),
};

export function ticketRoutes(
  app: FastifyInstance,
  deps: { tickets: TicketService; auth: AuthService; database: Database; clock?: () => Date },
): void {
  // Remaining time and overdue flags are relative to the injected clock (tests move it).
  const now = deps.clock ?? (() => new Date());
  const r = app as unknown as TypeBoxApp;
  const tags = ['tickets'];
  // Every route states its permission; the ticket scope is applied by the service in its queries.
  const preHandler = staffWith(deps.auth, 'ticket.read');

  r.get(
    '/api/v1/tickets',
    {
      preHandler,
      schema: {
        tags,
        summary: 'List tickets (newest first, cursor pagination)',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.String({ description: 'Comma-separated statuses' })),
            level: Type.Optional(Type.String({ description: 'Comma-separated levels' })),
            category: Type.Optional(Type.String()),
            departmentId: Type.Optional(IntString),
            ownerId: Type.Optional(IntString),
            awaitingTriage: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
            overdue: Type.Optional(
              Type.Union([Type.Literal('true'), Type.Literal('false')], {
                description: 'true: open tickets with a deadline (first response or resolution) already past',
              }),
            ),
            mine: Type.Optional(
              Type.Union([Type.Literal('true'), Type.Literal('false')], {
                description: 'true: tickets the caller owns or is assigned to',
              }),
            ),
            q: Type.Optional(
              Type.String({ maxLength: 200, description: 'Text search (substring) or a ticket number' }),
            ),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
            limit: Type.Optional(
              Type.String({ pattern: '^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', description: '1–200' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const q = request.query;
      const status = csv(q.status);
      for (const s of status ?? []) {
        if (!STATUSES.includes(s as Status))
          throw new AppError('VALIDATION_FAILED', `Unknown status "${s}".`, { field: 'status' });
      }
      const level = csv(q.level)?.map(Number);
      if (level?.some((l) => ![1, 2, 3].includes(l)))
        throw new AppError('VALIDATION_FAILED', 'level must be 1, 2 or 3.', { field: 'level' });
      const page = await deps.tickets.list(
        {
          ...(status ? { status: status as Status[] } : {}),
          ...(level ? { level } : {}),
          ...(q.category ? { category: csv(q.category)! } : {}),
          ...(q.departmentId !== undefined ? { departmentId: Number(q.departmentId) } : {}),
          ...(q.ownerId !== undefined ? { ownerId: Number(q.ownerId) } : {}),
          ...(q.awaitingTriage === 'true' ? { awaitingTriage: true } : {}),
          // "Overdue" is relative to the injected clock, like the overdue flag of each row.
          ...(q.overdue === 'true' ? { overdueAt: now() } : {}),
          ...(q.mine === 'true' ? { ownerOrAssigneeId: request.staff!.id } : {}),
          ...(q.q ? { q: q.q } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          limit: q.limit ? Number(q.limit) : 50,
        },
        request.access,
      );
      return { items: page.items.map((t) => summary(t, now())), nextCursor: page.nextCursor };
    },
  );

  const directory = createStaffDirectoryRepository(deps.database.db);
  r.get(
    '/api/v1/staff-directory',
    {
      preHandler,
      schema: {
        tags,
        summary:
          'Names of staff members, for the owner, assignee and actor ids tickets carry (no contact details)',
      },
    },
    // Whoever may read tickets may know who handles them: names only, so a department user learns no more.
    async () => ({ items: await directory.list() }),
  );

  r.get(
    '/api/v1/tickets/:ticketNo',
    { preHandler, schema: { tags, summary: 'A ticket with its whole timeline', params: TicketNoParams } },
    async (request) => {
      const { ticket, events } = await deps.tickets.getByNo(request.params.ticketNo, request.access);
      return {
        ticket: detail(ticket, now()),
        timeline: events.map((e) => ({ ...e, at: e.at.toISOString() })),
      };
    },
  );

  const action = (
    path: string,
    summaryText: string,
    body: ReturnType<typeof Type.Object>,
    toAction: (b: Record<string, unknown>) => TicketAction,
    permission: Permission = 'ticket.write',
  ) =>
    r.post(
      `/api/v1/tickets/:ticketNo/${path}`,
      {
        preHandler: staffWith(deps.auth, 'ticket.read', permission),
        schema: { tags, summary: summaryText, params: TicketNoParams, body },
      },
      async (request) => {
        const b = request.body as Record<string, unknown>;
        const updated = await deps.tickets.actByNo(
          request.params.ticketNo,
          toAction(b),
          { type: 'staff', id: request.staff!.id },
          b.expectedVersion as number | undefined,
          request.access,
        );
        return { ticket: detail(updated, now()) };
      },
    );

  const text = Type.String({ minLength: 1, maxLength: 5000 });
  action(
    'reply',
    'Reply to the patient (visible on their timeline)',
    Type.Object({ text, ...VersionField }, { additionalProperties: false }),
    (b) => ({
      type: 'reply',
      text: String(b.text),
    }),
  );
  action(
    'notes',
    'Add an internal note',
    Type.Object({ text, ...VersionField }, { additionalProperties: false }),
    (b) => ({
      type: 'note',
      text: String(b.text),
    }),
  );
  action(
    'triage',
    'Set or correct kind, category and level by hand',
    Type.Object(
      {
        kind: literalUnion(KINDS),
        category: literalUnion(CATEGORIES),
        level: literalUnion([1, 2, 3] as const),
        ...VersionField,
      },
      { additionalProperties: false },
    ),
    (b) =>
      ({
        type: 'triage',
        kind: b.kind,
        category: b.category,
        level: b.level,
        source: 'staff',
      }) as TicketAction,
    'ticket.triage',
  );
  action(
    'propose-resolution',
    'Propose a solution; the patient is asked to confirm it',
    Type.Object(
      { text, rootCause: Type.Optional(Type.String({ maxLength: 200 })), ...VersionField },
      { additionalProperties: false },
    ),
    (b) => ({
      type: 'propose_resolution',
      text: String(b.text),
      rootCause: b.rootCause as string | undefined,
    }),
  );
  action(
    'transition',
    'Change status: start, pause (waiting on the patient), resume, resolve on the spot, withdraw, mark duplicate',
    Type.Object(
      {
        action: literalUnion([
          'start',
          'pause',
          'resume',
          'resolve_on_spot',
          'withdraw',
          'mark_duplicate',
        ] as const),
        reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
        originalNo: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' })),
        ...VersionField,
      },
      { additionalProperties: false },
    ),
    (b) => {
      const reason = b.reason as string | undefined;
      const need = (field: string, value: unknown): string => {
        if (typeof value !== 'string' || value.trim() === '') {
          throw new AppError('VALIDATION_FAILED', `"${field}" is required for ${String(b.action)}.`, {
            field,
          });
        }
        return value;
      };
      switch (b.action) {
        case 'start':
          return { type: 'start' };
        case 'pause':
          return { type: 'pause', reason: need('reason', reason) };
        case 'resume':
          return { type: 'resume' };
        case 'resolve_on_spot':
          return { type: 'resolve_on_spot', text: need('reason', reason) };
        case 'withdraw':
          return { type: 'withdraw', reason: need('reason', reason) };
        default:
          // mark_duplicate: the service resolves the original's id.
          return { type: 'mark_duplicate', originalId: 0, originalNo: need('originalNo', b.originalNo) };
      }
    },
  );
}
