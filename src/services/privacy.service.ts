import { randomBytes } from 'node:crypto';
import { and, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import { AppError } from '../domain/app-error.ts';
import type { Database } from '../store/database.ts';
import { staffUsers, tickets as ticketsTable } from '../store/schema.ts';
import { createTicketRepository, type TicketRecord } from '../store/ticket.repository.ts';
import { type AccessContext, type AuditTrail, actorOf, scopeFor } from './access.ts';
import type { Clock } from './ticket.service.ts';

/**
 * Personal data on request: the logged reveal of a ticket's contact details, naming the staff member a
 * complaint is about, data-subject export and erasure (PIPL arts. 45 and 47), and the retention job that
 * anonymises closed tickets. Everything here writes the audit log.
 */
export interface PrivacyServiceDeps {
  database: Database;
  clock: Clock;
  audit: AuditTrail;
}

export interface SubjectQuery {
  phone?: string;
  email?: string;
  ticketNo?: string;
}

export function createPrivacyService(deps: PrivacyServiceDeps) {
  const { database, clock, audit } = deps;
  const tickets = createTicketRepository(database.db);

  async function findInScope(ticketNo: string, access: AccessContext): Promise<TicketRecord> {
    const t = await tickets.findByNo(ticketNo, database.db, scopeFor(access));
    if (!t) throw new AppError('TICKET_NOT_FOUND', `No ticket ${ticketNo}.`);
    return t;
  }

  async function subjectTickets(q: SubjectQuery, access: AccessContext): Promise<TicketRecord[]> {
    const scope = scopeFor(access);
    const found = new Map<number, TicketRecord>();
    if (q.phone) for (const t of await tickets.findByPhone(q.phone, scope)) found.set(t.id, t);
    if (q.email) for (const t of await tickets.findByEmail(q.email, scope)) found.set(t.id, t);
    if (q.ticketNo) {
      const t = await tickets.findByNo(q.ticketNo, database.db, scope);
      if (t) found.set(t.id, t);
    }
    return [...found.values()].sort((a, b) => a.id - b.id);
  }

  /** Removes the identity, keeps the facts; the tracking code stops working. One transaction per ticket. */
  async function anonymise(
    ticket: TicketRecord,
    reason: string,
    actor: AccessContext | 'system',
  ): Promise<void> {
    const now = clock();
    await tickets.update(
      ticket.id,
      async (current, tx) => {
        await tx
          .update(ticketsTable)
          // Unguessable and unusable: a tracking code can no longer open the case.
          .set({ trackingHash: `erased:${randomBytes(16).toString('hex')}` })
          .where(eq(ticketsTable.id, current.id));
        await audit.record(
          {
            ...(actor === 'system' ? { actorType: 'system' as const } : actorOf(actor)),
            at: now,
            action: 'ticket.anonymise',
            ticketId: current.id,
            ticketNo: current.ticketNo,
            details: { reason },
          },
          tx,
        );
        return {
          patch: {
            contactName: null,
            contactPhone: null,
            contactEmail: null,
            contactIdNumber: null,
            anonymous: true,
            anonymisedAt: now,
          },
          events: [
            {
              type: 'anonymised',
              actor: actor === 'system' ? { type: 'system' } : { type: 'staff', id: actor.user.id },
              at: now,
              visibility: 'internal',
              payload: { reason },
            },
          ],
          result: undefined,
        };
      },
      now,
    );
  }

  return {
    /** The full contact details of one ticket, for a permitted caller; the look is audited. */
    async revealContact(ticketNo: string, access: AccessContext) {
      const t = await findInScope(ticketNo, access);
      await audit.record({
        ...actorOf(access),
        action: 'ticket.contact.reveal',
        ticketId: t.id,
        ticketNo: t.ticketNo,
      });
      return {
        contactName: t.contactName,
        contactPhone: t.contactPhone,
        contactEmail: t.contactEmail,
        contactIdNumber: t.contactIdNumber ?? null,
      };
    },

    /** Names (or clears) the staff member the complaint is about; from then on they cannot see it. */
    async setSubjectStaff(ticketNo: string, staffId: number | null, access: AccessContext): Promise<void> {
      const t = await findInScope(ticketNo, access);
      if (staffId !== null) {
        const [u] = await database.db
          .select({ id: staffUsers.id })
          .from(staffUsers)
          .where(eq(staffUsers.id, staffId));
        if (!u) throw new AppError('USER_NOT_FOUND', `No staff member ${staffId}.`, { field: 'staffId' });
      }
      const now = clock();
      await tickets.update(
        t.id,
        async (current, tx) => {
          await audit.record(
            {
              ...actorOf(access),
              at: now,
              action: 'ticket.subject_staff',
              ticketId: current.id,
              ticketNo: current.ticketNo,
              target: staffId === null ? null : `user:${staffId}`,
            },
            tx,
          );
          return {
            patch: { subjectStaffId: staffId },
            events: [
              {
                type: 'subject_staff_set',
                actor: { type: 'staff', id: access.user.id },
                at: now,
                visibility: 'internal',
                payload: { staffId },
              },
            ],
            result: undefined,
          };
        },
        now,
      );
    },

    /** Data-subject access request: every ticket held about one person, with their timelines, decrypted. */
    async exportSubject(q: SubjectQuery, access: AccessContext) {
      if (!q.phone && !q.email && !q.ticketNo) {
        throw new AppError('VALIDATION_FAILED', 'Give a phone number, an email address or a ticket number.');
      }
      const found = await subjectTickets(q, access);
      await audit.record({
        ...actorOf(access),
        action: 'privacy.export',
        target: `subject:${q.phone ? 'phone' : q.email ? 'email' : 'ticket'}`,
        details: { tickets: found.map((t) => t.ticketNo) },
      });
      const out = [];
      for (const t of found) out.push({ ticket: t, timeline: await tickets.events(t.id) });
      return { generatedAt: clock().toISOString(), tickets: out };
    },

    /** Erasure request: anonymises every ticket of the person; returns the ticket numbers. */
    async eraseSubject(q: SubjectQuery & { reason: string }, access: AccessContext): Promise<string[]> {
      if (!q.phone && !q.email && !q.ticketNo) {
        throw new AppError('VALIDATION_FAILED', 'Give a phone number, an email address or a ticket number.');
      }
      const found = await subjectTickets(q, access);
      for (const t of found) await anonymise(t, q.reason, access);
      return found.map((t) => t.ticketNo);
    },

    /** Retention: closed tickets older than the period lose the identity. Returns how many. */
    async anonymiseClosedBefore(cutoff: Date, batch = 200): Promise<number> {
      const rows = await database.db
        .select({ id: ticketsTable.id })
        .from(ticketsTable)
        .where(
          and(
            isNotNull(ticketsTable.closedAt),
            lt(ticketsTable.closedAt, cutoff),
            isNull(ticketsTable.anonymisedAt),
          ),
        )
        .limit(batch);
      for (const r of rows) {
        const t = await tickets.findById(r.id);
        if (t) await anonymise(t, 'retention period ended', 'system');
      }
      return rows.length;
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
