import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/app-error.ts';
import { maskRecipient } from '../../notify/log-provider.ts';
import type { AccessContext } from '../../services/access.ts';
import type { AuthService } from '../../services/auth.service.ts';
import type { DepartmentAdminService } from '../../services/department-admin.service.ts';
import type { TicketService } from '../../services/ticket.service.ts';
import type { WorkflowServices } from '../../services/workflow-setup.ts';
import type { OutboxMessage } from '../../store/outbox.repository.ts';
import type { TicketRecord } from '../../store/ticket.repository.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffWith } from '../auth-guard.ts';

const Id = Type.Integer({ minimum: 1 });
const IdParam = (name: string) => Type.Object({ [name]: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const TicketNoParams = Type.Object({ ticketNo: Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' }) });
/** Optional in the schema so that a missing reason gets its own code (ASSIGNMENT_REASON_REQUIRED). */
const Reason = Type.Optional(Type.String({ maxLength: 500 }));
const NullableString = (maxLength: number) =>
  Type.Union([Type.String({ minLength: 1, maxLength }), Type.Null()]);
const StringList = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 });

const RuleBody = Type.Object(
  {
    priority: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Lower runs first.' }),
    category: NullableString(40),
    kind: NullableString(40),
    channel: NullableString(40),
    keywords: StringList,
    departmentId: Id,
    active: Type.Boolean(),
    note: Type.Optional(NullableString(500)),
  },
  { additionalProperties: false },
);

/** Who handles the ticket now; the full ticket (with contact fields) comes from GET /tickets/:no. */
function handlingView(t: TicketRecord) {
  return {
    ticketNo: t.ticketNo,
    status: t.status,
    departmentId: t.departmentId,
    ownerId: t.ownerId,
    assigneeId: t.assigneeId,
    version: t.version,
  };
}

function messageView(m: OutboxMessage) {
  // Staff need to see that a message failed and why, not the patient's full address.
  return {
    id: m.id,
    ticketNo: m.ticketNo,
    template: m.template,
    channel: m.channel,
    audience: m.audience,
    recipient: maskRecipient(m.recipient),
    state: m.state,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    lastError: m.lastError,
    provider: m.provider,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  };
}

export function workflowRoutes(
  app: FastifyInstance,
  deps: {
    workflow: WorkflowServices;
    auth: AuthService;
    tickets: TicketService;
    /** Renaming and (de)activating departments; the route exists only when given. */
    departments?: DepartmentAdminService;
  },
): void {
  const r = app as unknown as TypeBoxApp;
  const { workflow, auth } = deps;
  const admin = staffWith(auth, 'users.manage');
  const write = staffWith(auth, 'ticket.write');
  const read = staffWith(auth, 'ticket.read');
  const tags = ['workflow'];

  /** The ticket as the caller may see it: out of their scope is "not found", as everywhere. */
  async function visible(ticketNo: string, access: AccessContext | undefined) {
    const ticket = await deps.tickets.findByNo(ticketNo, access);
    if (!ticket) throw new AppError('TICKET_NOT_FOUND', `No ticket ${ticketNo}.`);
    return ticket;
  }
  const actor = (request: { staff?: { id: number } }) => ({ type: 'staff' as const, id: request.staff!.id });

  // --- configuration (admin) ---------------------------------------------------------------------
  r.get(
    '/api/v1/workflow/departments',
    { preHandler: read, schema: { tags, summary: 'Departments' } },
    async () => ({
      items: await workflow.admin.listDepartments(),
    }),
  );
  // The same list for administrators, who manage departments but need not see any case (ticket.read).
  r.get(
    '/api/v1/admin/departments',
    { preHandler: admin, schema: { tags, summary: 'Departments, for the admin pages (users.manage)' } },
    async () => ({ items: await workflow.admin.listDepartments() }),
  );
  r.post(
    '/api/v1/workflow/departments',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Add a department',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }),
            name: Type.String({ minLength: 1, maxLength: 100 }),
            nameEn: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await workflow.admin.createDepartment({ ...request.body, nameEn: request.body.nameEn ?? null }),
        ),
  );

  const departments = deps.departments;
  if (departments) {
    r.patch(
      '/api/v1/admin/departments/:id',
      {
        preHandler: admin,
        schema: {
          tags,
          summary: 'Rename a department or (de)activate it',
          description:
            'An inactive department keeps its tickets; routing rules pointing to it are skipped for new ones. The code cannot change.',
          params: IdParam('id'),
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              nameEn: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
              active: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => departments.update(Number(request.params.id), request.body, request.access!),
    );
  }

  r.get(
    '/api/v1/workflow/routing-rules',
    { preHandler: admin, schema: { tags, summary: 'Routing rules, in the order they are tried' } },
    async () => ({
      items: await workflow.admin.listRules(),
    }),
  );
  r.post(
    '/api/v1/workflow/routing-rules',
    { preHandler: admin, schema: { tags, summary: 'Add a routing rule', body: RuleBody } },
    async (request, reply) => reply.status(201).send(await workflow.admin.createRule(request.body)),
  );
  r.put(
    '/api/v1/workflow/routing-rules/:id',
    {
      preHandler: admin,
      schema: { tags, summary: 'Replace a routing rule', params: IdParam('id'), body: RuleBody },
    },
    async (request) => workflow.admin.updateRule(Number(request.params.id), request.body),
  );
  r.delete(
    '/api/v1/workflow/routing-rules/:id',
    { preHandler: admin, schema: { tags, summary: 'Delete a routing rule', params: IdParam('id') } },
    async (request, reply) => {
      await workflow.admin.deleteRule(Number(request.params.id));
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/workflow/staff-profiles',
    { preHandler: admin, schema: { tags, summary: 'Handler profiles' } },
    async () => ({
      items: await workflow.admin.listProfiles(),
    }),
  );
  r.put(
    '/api/v1/workflow/staff-profiles/:userId',
    {
      preHandler: admin,
      schema: {
        tags,
        summary:
          'Set what a staff member handles: languages, skills, availability, head of department, contacts',
        params: IdParam('userId'),
        body: Type.Object(
          {
            languages: StringList,
            skills: StringList,
            available: Type.Boolean(),
            departmentHead: Type.Boolean(),
            email: NullableString(254),
            phone: NullableString(30),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => workflow.admin.saveProfile({ userId: Number(request.params.userId), ...request.body }),
  );

  r.get(
    '/api/v1/workflow/on-call',
    { preHandler: admin, schema: { tags, summary: 'On-call list (paged for level 1)' } },
    async () => ({
      items: await workflow.admin.listOnCall(),
    }),
  );
  r.post(
    '/api/v1/workflow/on-call',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Add someone to the on-call list (departmentId null = hospital-wide)',
        body: Type.Object(
          { userId: Id, departmentId: Type.Union([Id, Type.Null()]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send(await workflow.admin.addOnCall(request.body)),
  );
  r.delete(
    '/api/v1/workflow/on-call/:id',
    { preHandler: admin, schema: { tags, summary: 'Remove an on-call entry', params: IdParam('id') } },
    async (request, reply) => {
      await workflow.admin.removeOnCall(Number(request.params.id));
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/workflow/intake-sources',
    { preHandler: admin, schema: { tags, summary: 'Webhook sources' } },
    async () => ({
      items: await workflow.intake.listSources(),
    }),
  );
  r.put(
    '/api/v1/workflow/intake-sources/:code',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Add or change a webhook source (its secret is configured in CARELOOP_INTAKE_SECRETS)',
        params: Type.Object({ code: Type.String({ pattern: '^[a-z0-9_-]{1,40}$' }) }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            channel: Type.String({ maxLength: 40 }),
            vip: Type.Boolean(),
            active: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => workflow.intake.saveSource({ code: request.params.code, ...request.body }),
  );

  r.get(
    '/api/v1/workflow/praise',
    {
      preHandler: staffWith(auth, 'report.read'),
      schema: {
        tags,
        summary: 'Praise per department in a period',
        querystring: Type.Object(
          { since: Type.String({ format: 'date-time' }), until: Type.String({ format: 'date-time' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ({
      items: await workflow.admin.praiseByDepartment(
        new Date(request.query.since),
        new Date(request.query.until),
      ),
    }),
  );

  // --- assignment ---------------------------------------------------------------------------------
  r.post(
    '/api/v1/tickets/:ticketNo/assign',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Give the ticket to a handler (reason required); the owner stays',
        params: TicketNoParams,
        body: Type.Object({ assigneeId: Id, reason: Reason }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await visible(request.params.ticketNo, request.access);
      return {
        ticket: handlingView(
          await workflow.assignment.assign(request.params.ticketNo, request.body, actor(request)),
        ),
      };
    },
  );
  r.post(
    '/api/v1/tickets/:ticketNo/claim',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Take the ticket yourself (reason required)',
        params: TicketNoParams,
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await visible(request.params.ticketNo, request.access);
      return {
        ticket: handlingView(
          await workflow.assignment.claim(request.params.ticketNo, request.body, actor(request)),
        ),
      };
    },
  );
  r.post(
    '/api/v1/tickets/:ticketNo/transfer',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Hand the ticket to another department (reason required); the owner stays',
        params: TicketNoParams,
        body: Type.Object(
          { departmentId: Id, assigneeId: Type.Optional(Id), reason: Reason },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await visible(request.params.ticketNo, request.access);
      return {
        ticket: handlingView(
          await workflow.assignment.transfer(request.params.ticketNo, request.body, actor(request)),
        ),
      };
    },
  );

  // --- department tasks ---------------------------------------------------------------------------
  r.get(
    '/api/v1/tickets/:ticketNo/tasks',
    {
      preHandler: read,
      schema: { tags, summary: 'Department tasks of a ticket and their state', params: TicketNoParams },
    },
    async (request) => {
      await visible(request.params.ticketNo, request.access);
      return { items: await workflow.tasks.list(request.params.ticketNo) };
    },
  );
  r.post(
    '/api/v1/tickets/:ticketNo/tasks',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Ask a department a question with a due time (科室反馈)',
        description:
          'Tasks in two or more departments set multiDepartment (a longer SLA) unless multiDepartment: false is sent.',
        params: TicketNoParams,
        body: Type.Object(
          {
            departmentId: Id,
            question: Type.String({ minLength: 1, maxLength: 2000 }),
            dueAt: Type.String({ format: 'date-time' }),
            assigneeId: Type.Optional(Id),
            multiDepartment: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      await visible(request.params.ticketNo, request.access);
      const b = request.body;
      const task = await workflow.tasks.open(
        request.params.ticketNo,
        { ...b, dueAt: new Date(b.dueAt) },
        actor(request),
      );
      return reply.status(201).send(task);
    },
  );
  const TaskParams = Type.Object({
    ticketNo: Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' }),
    taskId: Type.String({ pattern: '^[0-9]{1,15}$' }),
  });
  r.post(
    '/api/v1/tickets/:ticketNo/tasks/:taskId/answer',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Answer a department task',
        params: TaskParams,
        body: Type.Object(
          { answer: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await visible(request.params.ticketNo, request.access);
      return workflow.tasks.answer(
        request.params.ticketNo,
        Number(request.params.taskId),
        request.body.answer,
        actor(request),
      );
    },
  );
  r.post(
    '/api/v1/tickets/:ticketNo/tasks/:taskId/cancel',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Cancel a department task',
        params: TaskParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await visible(request.params.ticketNo, request.access);
      return workflow.tasks.cancel(
        request.params.ticketNo,
        Number(request.params.taskId),
        request.body.reason,
        actor(request),
      );
    },
  );

  // --- notifications -------------------------------------------------------------------------------
  r.get(
    '/api/v1/notifications',
    {
      preHandler: staffWith(auth, 'ticket.read', 'ticket.read_all'),
      schema: {
        tags,
        summary: 'Notification outbox: failed and retrying deliveries, or by state',
        querystring: Type.Object(
          {
            state: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
            ),
            troubled: Type.Optional(Type.Literal('true')),
            ticketNo: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const q = request.query;
      const ticketId = q.ticketNo ? (await visible(q.ticketNo, request.access)).id : undefined;
      const items = await workflow.notifications.list({
        ...(q.state ? { state: q.state } : {}),
        ...(q.troubled ? { troubled: true } : {}),
        ...(ticketId !== undefined ? { ticketId } : {}),
      });
      return { items: items.map(messageView) };
    },
  );
  r.post(
    '/api/v1/notifications/:id/retry',
    {
      preHandler: staffWith(auth, 'ticket.write', 'ticket.read_all'),
      schema: { tags, summary: 'Try a failed notification again now', params: IdParam('id') },
    },
    async (request, reply) => {
      await workflow.notifications.retry(Number(request.params.id));
      return reply.status(204).send();
    },
  );
}
