import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../domain/app-error.ts';
import { type NewFeedbackInput, phoneLast4, prepareNewTicket } from '../domain/ticket/new-ticket.ts';
import { type Actor, PATIENT, type Status } from '../domain/ticket/ticket.ts';
import { applyTicketAction, type TicketAction } from '../domain/ticket/ticket-lifecycle.ts';
import { encodeTrackingCode, normalizeTrackingCode, ticketNoPrefix } from '../domain/ticket/tracking-code.ts';
import type { Database, Db } from '../store/database.ts';
import {
  createTicketRepository,
  type TicketEvent,
  type TicketListFilter,
  type TicketRecord,
} from '../store/ticket.repository.ts';
import { createWriteBatch } from '../store/write-batch.ts';
import {
  type AccessContext,
  type AuditTrail,
  actorOf,
  type RequestMeta,
  redactContact,
  scopeFor,
} from './access.ts';
import type { LiveEvents } from './live-events.ts';
import { type SlaService, slaTicketAtIntake } from './sla.service.ts';
import { busEventOf, type TicketEventsBus } from './ticket-events-bus.ts';
import { type ChangeHook, type IntakeHook, mergeIntakePlans } from './ticket-hooks.ts';

export type Clock = () => Date;

export interface TicketServiceDeps {
  /** The audit log (access.ts): every change and every staff look at a ticket, in the same transaction. */
  audit?: AuditTrail;
  /** SLA clocks: deadlines recomputed in the transaction of every intake and change. */
  sla?: SlaService;
  database: Database;
  timeZone: string;
  clock: Clock;
  /** Workflow at intake (routing, assignment, duplicates, notifications), in the intake transaction. */
  onIntake?: IntakeHook;
  /** Workflow after each change (notifications, mentions, merges), in the change's transaction. */
  afterChange?: ChangeHook;
  /** Told after each committed intake or change, for live screens. */
  events?: TicketEventsBus;
  /** Publishes each change with its transaction's final writes to the other servers (live-events.ts). */
  live?: Pick<LiveEvents, 'publishLater'>;
}

export interface SubmitResult {
  ticketNo: string;
  trackingCode: string;
  status: Status;
  receivedAt: Date;
  /** As stored: for counters (metrics.service.ts), never shown to the patient. */
  channel: string;
  level: number | null;
}

/** What a patient sees of their case: the status and the patient-visible part of the timeline. */
export interface PatientView {
  ticketNo: string;
  status: Status;
  receivedAt: Date;
  timeline: {
    type: string;
    at: Date;
    by: 'patient' | 'staff' | 'system';
    payload: Record<string, unknown>;
  }[];
}

export function hashTrackingCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

const NOT_FOUND_MESSAGE =
  'No case matches this tracking code and phone number. Please check both and try again.';

export function createTicketService(deps: TicketServiceDeps) {
  const { database, clock, timeZone } = deps;

  /** Called only after the transaction committed: a live screen never shows a change that rolled back. */
  function announce(
    type: 'ticket.created' | 'ticket.updated',
    t: TicketRecord,
    previousLevel: number | null,
  ) {
    deps.events?.emit(busEventOf(type, t, previousLevel, clock()));
  }
  const tickets = createTicketRepository(database.db);

  /** The ticket a tracking code opens — or a uniform 404 that never reveals whether the code exists. */
  async function openByTrackingCode(code: string, phone4: string | undefined): Promise<TicketRecord> {
    const normalized = normalizeTrackingCode(code);
    const ticket = normalized ? await tickets.findByTrackingHash(hashTrackingCode(normalized)) : null;
    if (!ticket) throw new AppError('TRACKING_NOT_FOUND', NOT_FOUND_MESSAGE);
    if (ticket.contactPhone) {
      const expected = Buffer.from(phoneLast4(ticket.contactPhone));
      const given = Buffer.from((phone4 ?? '').trim());
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AppError('TRACKING_NOT_FOUND', NOT_FOUND_MESSAGE);
      }
    }
    return ticket;
  }

  async function patientView(ticket: TicketRecord): Promise<PatientView> {
    const events = await tickets.events(ticket.id, 'patient');
    return {
      ticketNo: ticket.ticketNo,
      status: ticket.status,
      receivedAt: ticket.receivedAt,
      timeline: events.map((e) => ({
        type: e.type,
        at: e.at,
        by: e.actorType as 'patient' | 'staff' | 'system',
        payload: e.payload,
      })),
    };
  }

  async function act(
    ticketId: number,
    action: TicketAction,
    actor: Actor,
    expectedVersion?: number,
    access?: AccessContext,
    meta?: RequestMeta,
  ): Promise<TicketRecord> {
    const now = clock();
    let previousLevel: number | null = null;
    const updated = await tickets.update(
      ticketId,
      async (current, tx) => {
        previousLevel = current.level;
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw new AppError(
            'TICKET_VERSION_CONFLICT',
            'Someone else changed this ticket meanwhile; reload it and try again.',
            { details: { currentVersion: current.version } },
          );
        }
        const { state, events } = applyTicketAction(current, action, actor, now);
        const writes = createWriteBatch();
        deps.audit?.recordLater(writes, {
          ...(access
            ? actorOf(access)
            : { actorType: actor.type, actorId: actor.id ?? null, ip: meta?.ip ?? null }),
          at: now,
          action: `ticket.${action.type}`,
          ticketId: current.id,
          ticketNo: current.ticketNo,
          details: {
            from: current.status,
            to: state.status ?? current.status,
            events: events.map((e) => e.type),
          },
        });
        const result = { ...current, ...state, version: current.version + 1, updatedAt: now };
        // SLA clocks follow every change (triage, pause, reply, closure) in the same transaction.
        const slaColumns = await deps.sla?.apply(result, current.status, now, tx);
        Object.assign(result, slaColumns);
        const more = deps.afterChange
          ? await deps.afterChange({ before: current, after: result, events, actor, tx, now })
          : [];
        deps.live?.publishLater(writes, busEventOf('ticket.updated', result, current.level, now));
        await writes.flush(tx);
        return { patch: { ...state, ...slaColumns }, events: [...events, ...more], result };
      },
      now,
    );
    announce('ticket.updated', updated, previousLevel);
    return updated;
  }

  return {
    /** Intake: validation, ticket, first events — one transaction, so nothing is ever half-written. */
    async submitFeedback(
      input: NewFeedbackInput,
      actor: Actor = PATIENT,
      extra: { ownerId?: number; plan?: IntakeHook; access?: AccessContext; meta?: RequestMeta } = {},
    ): Promise<SubmitResult> {
      const now = clock();
      const prepared = prepareNewTicket(input, actor, now);
      const trackingCode = encodeTrackingCode(randomBytes(17));
      const ticket = await database.db.transaction(async (tx: Db) => {
        const writes = createWriteBatch();
        const ctx = { tx, now, actor, trackingCode, writes };
        // The channel's own plan (extra.plan) runs last so it can override routing (owner, closure).
        const plan = mergeIntakePlans([
          await deps.onIntake?.(prepared, ctx),
          await extra.plan?.(prepared, ctx),
        ]);
        const inserted = await tickets.insert(
          {
            ticket: { ...prepared, events: [...prepared.events, ...plan.events] },
            trackingHash: hashTrackingCode(trackingCode),
            ticketNoPrefix: ticketNoPrefix(prepared.receivedAt, timeZone),
            ownerId: extra.ownerId ?? null,
            columns: plan.columns,
            sla: await deps.sla?.apply(slaTicketAtIntake(prepared.receivedAt, plan.columns), null, now, tx),
            now,
            writes,
          },
          tx,
        );
        await plan.afterInsert(inserted, tx);
        deps.audit?.recordLater(writes, {
          ...(extra.access
            ? actorOf(extra.access)
            : { actorType: actor.type, actorId: actor.id ?? null, ip: extra.meta?.ip ?? null }),
          at: now,
          action: 'ticket.create',
          ticketId: inserted.id,
          ticketNo: inserted.ticketNo,
          details: { channel: inserted.channel, status: inserted.status },
        });
        deps.live?.publishLater(writes, busEventOf('ticket.created', inserted, null, now));
        await writes.flush(tx);
        return inserted;
      });
      announce('ticket.created', ticket, null);
      return {
        ticketNo: ticket.ticketNo,
        trackingCode,
        status: ticket.status,
        receivedAt: ticket.receivedAt,
        channel: ticket.channel,
        level: ticket.level,
      };
    },

    async track(code: string, phone4: string | undefined, meta?: RequestMeta): Promise<PatientView> {
      const ticket = await openByTrackingCode(code, phone4);
      await deps.audit?.record({
        actorType: 'patient',
        ip: meta?.ip ?? null,
        action: 'ticket.track',
        ticketId: ticket.id,
        ticketNo: ticket.ticketNo,
      });
      return patientView(ticket);
    },

    async patientConfirm(
      code: string,
      phone4: string | undefined,
      satisfied: boolean,
      comment?: string,
      meta?: RequestMeta,
    ): Promise<PatientView> {
      const ticket = await openByTrackingCode(code, phone4);
      const updated = await act(
        ticket.id,
        { type: 'patient_confirm', satisfied, comment },
        PATIENT,
        undefined,
        undefined,
        meta,
      );
      return patientView(updated);
    },

    async patientMessage(
      code: string,
      phone4: string | undefined,
      text: string,
      meta?: RequestMeta,
    ): Promise<PatientView> {
      const ticket = await openByTrackingCode(code, phone4);
      const updated = await act(
        ticket.id,
        { type: 'patient_message', text: text.trim() },
        PATIENT,
        undefined,
        undefined,
        meta,
      );
      return patientView(updated);
    },

    /** With `access`: only tickets in the viewer's scope (in the query itself), identities as permitted. */
    async list(filter: TicketListFilter, access?: AccessContext) {
      const scope = scopeFor(access);
      const page = await tickets.list(scope ? { ...filter, scope } : filter);
      return access ? { ...page, items: page.items.map((t) => redactContact(access, t)) } : page;
    },

    /**
     * A ticket and its timeline. With `access`: a ticket out of scope is TICKET_NOT_FOUND (no existence
     * leak), and the look is written to the audit log.
     */
    async getByNo(
      ticketNo: string,
      access?: AccessContext,
    ): Promise<{ ticket: TicketRecord; events: TicketEvent[] }> {
      const ticket = await tickets.findByNo(ticketNo, database.db, scopeFor(access));
      if (!ticket) throw new AppError('TICKET_NOT_FOUND', `No ticket ${ticketNo}.`);
      // The look is recorded while the timeline is read (two connections on PostgreSQL); a failed
      // record fails the request, so nobody sees a ticket without the log saying so.
      const [, events] = await Promise.all([
        access
          ? deps.audit?.record({
              ...actorOf(access),
              action: 'ticket.view',
              ticketId: ticket.id,
              ticketNo: ticket.ticketNo,
            })
          : undefined,
        tickets.events(ticket.id),
      ]);
      return { ticket: redactContact(access, ticket), events };
    },

    async actByNo(
      ticketNo: string,
      action: TicketAction,
      actor: Actor,
      expectedVersion?: number,
      access?: AccessContext,
    ): Promise<TicketRecord> {
      const ticket = await tickets.findByNo(ticketNo, database.db, scopeFor(access));
      if (!ticket) throw new AppError('TICKET_NOT_FOUND', `No ticket ${ticketNo}.`);
      if (action.type === 'mark_duplicate') {
        if (action.originalNo === ticketNo) {
          throw new AppError('TICKET_DUPLICATE_OF_ITSELF', 'A ticket cannot be a duplicate of itself.', {
            field: 'originalNo',
          });
        }
        const original = await tickets.findByNo(action.originalNo, database.db, scopeFor(access));
        if (!original)
          throw new AppError('TICKET_NOT_FOUND', `No ticket ${action.originalNo}.`, { field: 'originalNo' });
        return redactContact(
          access,
          await act(ticket.id, { ...action, originalId: original.id }, actor, expectedVersion, access),
        );
      }
      return redactContact(access, await act(ticket.id, action, actor, expectedVersion, access));
    },

    async findByNo(ticketNo: string, access?: AccessContext) {
      return tickets.findByNo(ticketNo, database.db, scopeFor(access));
    },

    /** Ticket counts by status within the viewer's scope. */
    async countByStatus(access?: AccessContext, departmentId?: number) {
      return tickets.countByStatus(scopeFor(access), departmentId);
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
