import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/app-error.ts';
import { PATIENT } from '../../domain/ticket/ticket.ts';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_MESSAGE,
  type IncomingFile,
} from '../../services/attachment.service.ts';
import type { AuthService } from '../../services/auth.service.ts';
import type { TicketService } from '../../services/ticket.service.ts';
import type { WorkflowServices } from '../../services/workflow-setup.ts';
import type { Attachment } from '../../store/attachment.repository.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffWith } from '../auth-guard.ts';

const TicketNoParams = Type.Object({ ticketNo: Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' }) });
const TrackParams = Type.Object({ trackingCode: Type.String({ minLength: 1, maxLength: 64 }) });
const Phone4 = Type.Object(
  { phone4: Type.Optional(Type.String({ maxLength: 4 })) },
  { additionalProperties: false },
);
const IdString = Type.String({ pattern: '^[0-9]{1,15}$' });

const view = (a: Attachment) => ({
  id: a.id,
  mediaType: a.mediaType,
  sizeBytes: a.sizeBytes,
  fileName: a.fileName,
  visibility: a.visibility,
  uploadedBy: a.uploadedByType,
  createdAt: a.createdAt.toISOString(),
});

/** Reads the files of a multipart request, turning the plugin's limit errors into our codes. */
async function readFiles(request: FastifyRequest): Promise<IncomingFile[]> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send attachments as multipart/form-data.');
  }
  const files: IncomingFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') files.push({ fileName: part.filename, bytes: await part.toBuffer() });
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'ATTACHMENT_TOO_LARGE',
        `Each file may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB.`,
      );
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new AppError('ATTACHMENT_TOO_MANY', `At most ${ATTACHMENTS_PER_MESSAGE} files per message.`);
    }
    throw err;
  }
  return files;
}

/**
 * Attachments: the patient adds images or voice to their case with the tracking code (+ phone4) and
 * sees only what they sent; staff add and see all. Files are served as downloads, never rendered
 * inline from our origin, and never cached.
 */
export async function attachmentRoutes(
  app: FastifyInstance,
  deps: { workflow: WorkflowServices; tickets: TicketService; auth: AuthService },
): Promise<void> {
  const { attachments } = deps.workflow;
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: {
        fileSize: ATTACHMENT_MAX_BYTES,
        files: ATTACHMENTS_PER_MESSAGE,
        fields: 5,
        parts: ATTACHMENTS_PER_MESSAGE + 5,
      },
    });
    const r = scope as unknown as TypeBoxApp;
    const tags = ['attachments'];

    const patientTicket = async (code: string, phone4: string | undefined) => {
      const view = await deps.tickets.track(code, phone4);
      const ticket = await deps.tickets.findByNo(view.ticketNo);
      if (!ticket) throw new AppError('TRACKING_NOT_FOUND', 'No case matches this tracking code.');
      return ticket;
    };
    const staffTicket = async (ticketNo: string, request: FastifyRequest) => {
      const ticket = await deps.tickets.findByNo(ticketNo, request.access);
      if (!ticket) throw new AppError('TICKET_NOT_FOUND', `No ticket ${ticketNo}.`);
      return ticket;
    };
    const send = (reply: import('fastify').FastifyReply, a: Attachment, bytes: Buffer) =>
      reply
        .header('content-type', a.mediaType)
        .header('content-disposition', `attachment; filename="attachment-${a.id}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(bytes);

    r.post(
      '/api/v1/track/:trackingCode/attachments',
      {
        schema: {
          tags,
          summary: `Add images or voice messages to your case (multipart, ≤ ${ATTACHMENTS_PER_MESSAGE} files of ≤ 10 MiB)`,
          params: TrackParams,
          querystring: Phone4,
        },
      },
      async (request, reply) => {
        const ticket = await patientTicket(request.params.trackingCode, request.query.phone4);
        const added = await attachments.add(ticket.id, await readFiles(request), PATIENT);
        return reply.status(201).send({ items: added.map(view) });
      },
    );
    r.get(
      '/api/v1/track/:trackingCode/attachments/:id',
      {
        schema: {
          tags,
          summary: 'Download a file you sent',
          params: Type.Object({ trackingCode: TrackParams.properties.trackingCode, id: IdString }),
          querystring: Phone4,
        },
      },
      async (request, reply) => {
        const ticket = await patientTicket(request.params.trackingCode, request.query.phone4);
        const { attachment, bytes } = await attachments.open(ticket.id, Number(request.params.id), 'patient');
        return send(reply, attachment, bytes);
      },
    );

    r.post(
      '/api/v1/tickets/:ticketNo/attachments',
      {
        preHandler: staffWith(deps.auth, 'ticket.write'),
        schema: {
          tags,
          summary: 'Attach images or voice recordings (staff, multipart)',
          params: TicketNoParams,
        },
      },
      async (request, reply) => {
        const ticket = await staffTicket(request.params.ticketNo, request);
        const added = await attachments.add(ticket.id, await readFiles(request), {
          type: 'staff',
          id: request.staff!.id,
        });
        return reply.status(201).send({ items: added.map(view) });
      },
    );
    r.get(
      '/api/v1/tickets/:ticketNo/attachments',
      {
        preHandler: staffWith(deps.auth, 'ticket.read'),
        schema: { tags, summary: 'Files of a ticket', params: TicketNoParams },
      },
      async (request) => {
        const ticket = await staffTicket(request.params.ticketNo, request);
        return { items: (await attachments.list(ticket.id, 'staff')).map(view) };
      },
    );
    r.get(
      '/api/v1/tickets/:ticketNo/attachments/:id',
      {
        preHandler: staffWith(deps.auth, 'ticket.read'),
        schema: {
          tags,
          summary: 'Download a file',
          params: Type.Object({ ticketNo: TicketNoParams.properties.ticketNo, id: IdString }),
        },
      },
      async (request, reply) => {
        const ticket = await staffTicket(request.params.ticketNo, request);
        const { attachment, bytes } = await attachments.open(ticket.id, Number(request.params.id), 'staff');
        return send(reply, attachment, bytes);
      },
    );
  });
}
