import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { ticketAttachments } from './schema-workflow.ts';

export interface Attachment {
  id: number;
  ticketId: number;
  storageKey: string;
  mediaType: string;
  sizeBytes: number;
  fileName: string | null;
  sha256: string;
  visibility: 'patient' | 'internal';
  uploadedByType: string;
  uploadedById: number | null;
  createdAt: Date;
}

const toAttachment = (row: typeof ticketAttachments.$inferSelect): Attachment => ({
  ...row,
  visibility: row.visibility as Attachment['visibility'],
});

export function createAttachmentRepository(db: Db) {
  return {
    async insert(rows: Omit<Attachment, 'id'>[], tx: Db): Promise<Attachment[]> {
      const inserted = await tx.insert(ticketAttachments).values(rows).returning();
      return inserted.map(toAttachment);
    },

    async count(ticketId: number, tx: Db = db): Promise<number> {
      const [row] = await tx
        .select({ n: count() })
        .from(ticketAttachments)
        .where(eq(ticketAttachments.ticketId, ticketId));
      return Number(row?.n ?? 0);
    },

    async forTicket(ticketId: number): Promise<Attachment[]> {
      const rows = await db
        .select()
        .from(ticketAttachments)
        .where(eq(ticketAttachments.ticketId, ticketId))
        .orderBy(asc(ticketAttachments.id));
      return rows.map(toAttachment);
    },

    async find(ticketId: number, id: number): Promise<Attachment | null> {
      const [row] = await db
        .select()
        .from(ticketAttachments)
        .where(and(eq(ticketAttachments.id, id), eq(ticketAttachments.ticketId, ticketId)));
      return row ? toAttachment(row) : null;
    },
  };
}
