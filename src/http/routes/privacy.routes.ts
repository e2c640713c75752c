import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../services/auth.service.ts';
import type { PrivacyService } from '../../services/privacy.service.ts';
import type { TicketService } from '../../services/ticket.service.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffWith } from '../auth-guard.ts';

const TicketNoParams = Type.Object({ ticketNo: Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' }) });
const Subject = {
  phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{5,19}$' })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  ticketNo: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' })),
};

/** Personal data on request: reveal, conflict of interest, counts, data-subject export and erasure. */
export function privacyRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; tickets: TicketService; privacy: PrivacyService },
): void {
  const r = app as unknown as TypeBoxApp;
  const { auth, privacy } = deps;
  const tags = ['privacy'];

  r.get(
    '/api/v1/tickets/counts',
    {
      preHandler: staffWith(auth, 'ticket.read'),
      schema: {
        tags: ['tickets'],
        summary: 'Ticket counts by status, within what the caller may see',
        querystring: Type.Object(
          { departmentId: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const byStatus = await deps.tickets.countByStatus(
        req.access,
        req.query.departmentId === undefined ? undefined : Number(req.query.departmentId),
      );
      return { byStatus, total: Object.values(byStatus).reduce((a, b) => a + b, 0) };
    },
  );

  r.post(
    '/api/v1/tickets/:ticketNo/reveal-contact',
    {
      preHandler: staffWith(auth, 'ticket.read', 'ticket.contact.read', 'ticket.contact.reveal'),
      schema: {
        tags,
        summary: 'The full contact details (written to the audit log)',
        params: TicketNoParams,
      },
    },
    async (req) => ({ contact: await privacy.revealContact(req.params.ticketNo, req.access!) }),
  );

  r.put(
    '/api/v1/tickets/:ticketNo/subject-staff',
    {
      preHandler: staffWith(auth, 'ticket.read', 'ticket.triage'),
      schema: {
        tags,
        summary: 'Name the staff member the complaint is about (hidden from them from now on), or null',
        params: TicketNoParams,
        body: Type.Object(
          { staffId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      await privacy.setSubjectStaff(req.params.ticketNo, req.body.staffId, req.access!);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/privacy/export',
    {
      preHandler: staffWith(auth, 'privacy.manage'),
      schema: {
        tags,
        summary: 'Data-subject access: everything held about one person',
        body: Type.Object(Subject, { additionalProperties: false }),
      },
    },
    async (req) => {
      const result = await privacy.exportSubject(req.body, req.access!);
      return {
        generatedAt: result.generatedAt,
        tickets: result.tickets.map(({ ticket, timeline }) => ({
          ticket: {
            ...ticket,
            receivedAt: ticket.receivedAt.toISOString(),
            createdAt: ticket.createdAt.toISOString(),
            updatedAt: ticket.updatedAt.toISOString(),
          },
          timeline: timeline.map((e) => ({ ...e, at: e.at.toISOString() })),
        })),
      };
    },
  );

  r.post(
    '/api/v1/privacy/erase',
    {
      preHandler: staffWith(auth, 'privacy.manage'),
      schema: {
        tags,
        summary: 'Erasure: the person’s identity leaves every ticket; the facts stay for statistics',
        body: Type.Object(
          { ...Subject, reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ anonymised: await privacy.eraseSubject(req.body, req.access!) }),
  );
}
