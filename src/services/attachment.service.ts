import { createHash, randomBytes } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../domain/app-error.ts';
import { type Actor, isFinal } from '../domain/ticket/ticket.ts';
import { type Attachment, createAttachmentRepository } from '../store/attachment.repository.ts';
import type { AttachmentStore } from '../store/attachment-store.ts';
import type { Database } from '../store/database.ts';
import { createTicketRepository } from '../store/ticket.repository.ts';
import type { Clock } from './ticket.service.ts';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_MESSAGE = 5;
/** A ticket is not a file share: past this, staff ask for what is missing. */
export const ATTACHMENTS_PER_TICKET = 30;

/**
 * Accepted kinds, decided from the bytes (file-type), never from the name or the declared type:
 * photos and screenshots, and voice messages (phone recorders, WeChat's AMR, browser recordings).
 */
export const ALLOWED_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/heic',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/aac',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/x-wav',
  'audio/amr',
  'audio/webm',
]);

export interface IncomingFile {
  fileName: string | undefined;
  bytes: Buffer;
}

export function createAttachmentService(deps: { database: Database; store: AttachmentStore; clock: Clock }) {
  const tickets = createTicketRepository(deps.database.db);
  const attachments = createAttachmentRepository(deps.database.db);

  return {
    /**
     * Checks every file first (size, kind by content), stores the bytes, then records them and a
     * timeline event under the ticket's lock. A refused file refuses the whole message: nothing is kept.
     */
    async add(ticketId: number, files: IncomingFile[], uploader: Actor): Promise<Attachment[]> {
      if (files.length === 0)
        throw new AppError('ATTACHMENT_MISSING', 'Attach at least one file.', { field: 'file' });
      if (files.length > ATTACHMENTS_PER_MESSAGE) {
        throw new AppError('ATTACHMENT_TOO_MANY', `At most ${ATTACHMENTS_PER_MESSAGE} files per message.`);
      }
      const checked: (IncomingFile & { mediaType: string })[] = [];
      for (const f of files) {
        if (f.bytes.length > ATTACHMENT_MAX_BYTES) {
          throw new AppError(
            'ATTACHMENT_TOO_LARGE',
            `Each file may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB.`,
            {
              details: { fileName: f.fileName ?? null },
            },
          );
        }
        const type = await fileTypeFromBuffer(f.bytes);
        if (!type || !ALLOWED_MEDIA_TYPES.has(type.mime)) {
          throw new AppError(
            'ATTACHMENT_TYPE_NOT_ALLOWED',
            'Only images and voice recordings can be attached.',
            {
              details: { fileName: f.fileName ?? null, detected: type?.mime ?? null },
            },
          );
        }
        checked.push({ ...f, mediaType: type.mime });
      }
      const now = deps.clock();
      const month = now.toISOString().slice(0, 7).replace('-', '/');
      const stored: (IncomingFile & { mediaType: string; storageKey: string })[] = [];
      for (const f of checked) {
        const storageKey = `${month}/${randomBytes(16).toString('hex')}`;
        await deps.store.put(storageKey, f.bytes);
        stored.push({ ...f, storageKey });
      }
      const visibility = uploader.type === 'patient' ? 'patient' : 'internal';
      return tickets.update(
        ticketId,
        async (current, tx) => {
          if (uploader.type === 'patient' && isFinal(current.status)) {
            throw new AppError('TICKET_CLOSED', 'This case is closed; please submit new feedback.');
          }
          if ((await attachments.count(current.id, tx)) + stored.length > ATTACHMENTS_PER_TICKET) {
            throw new AppError(
              'ATTACHMENT_TOO_MANY',
              `A case holds at most ${ATTACHMENTS_PER_TICKET} files.`,
            );
          }
          const rows = await attachments.insert(
            stored.map((f) => ({
              ticketId: current.id,
              storageKey: f.storageKey,
              mediaType: f.mediaType,
              sizeBytes: f.bytes.length,
              fileName: f.fileName?.slice(0, 200) ?? null,
              sha256: createHash('sha256').update(f.bytes).digest('hex'),
              visibility,
              uploadedByType: uploader.type,
              uploadedById: uploader.id ?? null,
              createdAt: now,
            })),
            tx,
          );
          return {
            patch: {},
            events: [
              {
                type: 'attachments_added',
                actor: uploader,
                at: now,
                visibility,
                payload: {
                  attachments: rows.map((r) => ({
                    id: r.id,
                    mediaType: r.mediaType,
                    sizeBytes: r.sizeBytes,
                  })),
                },
              },
            ],
            result: rows,
          };
        },
        now,
      );
    },

    async list(ticketId: number, audience: 'staff' | 'patient'): Promise<Attachment[]> {
      const all = await attachments.forTicket(ticketId);
      return audience === 'staff' ? all : all.filter((a) => a.visibility === 'patient');
    },

    /** The file and its bytes; the patient only reaches what they sent themselves. */
    async open(
      ticketId: number,
      id: number,
      audience: 'staff' | 'patient',
    ): Promise<{ attachment: Attachment; bytes: Buffer }> {
      const attachment = await attachments.find(ticketId, id);
      if (!attachment || (audience === 'patient' && attachment.visibility !== 'patient')) {
        throw new AppError('ATTACHMENT_NOT_FOUND', 'No such attachment on this case.');
      }
      const bytes = await deps.store.get(attachment.storageKey);
      if (!bytes) throw new AppError('ATTACHMENT_NOT_FOUND', 'The file is missing from storage.');
      return { attachment, bytes };
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
