import { AppError } from '../domain/app-error.ts';
import { chooseHandler } from '../domain/assignment/choose-handler.ts';
import { type Actor, isFinal, type TicketEventDraft } from '../domain/ticket/ticket.ts';
import { staffMessages } from '../notify/compose-messages.ts';
import type { Database, Db } from '../store/database.ts';
import { createOutboxRepository } from '../store/outbox.repository.ts';
import { createRoutingRepository } from '../store/routing.repository.ts';
import { createTicketRepository, type TicketRecord } from '../store/ticket.repository.ts';
import type { LiveEvents } from './live-events.ts';
import type { Clock } from './ticket.service.ts';
import { busEventOf, type TicketEventsBus } from './ticket-events-bus.ts';

/** Stated on the timeline and to the person receiving the ticket; long essays belong in a note. */
export const REASON_MAX_CHARS = 500;

export function requireReason(reason: string | undefined): string {
  const r = (reason ?? '').trim();
  if (r === '') {
    throw new AppError('ASSIGNMENT_REASON_REQUIRED', 'Say why the ticket changes hands.', {
      field: 'reason',
    });
  }
  if ([...r].length > REASON_MAX_CHARS) {
    throw new AppError('VALIDATION_FAILED', `The reason is longer than ${REASON_MAX_CHARS} characters.`, {
      field: 'reason',
    });
  }
  return r;
}

/**
 * Manual assignment, claim and transfer. The handler changes; the owner (first contact, 首诉负责制)
 * stays accountable and is never changed here. Every move is a timeline event with its reason.
 */
export function createAssignmentService(deps: {
  database: Database;
  clock: Clock;
  /** Told after each committed change: the new assignee's console hears it at once. */
  events?: TicketEventsBus;
  /** Publishes each change, inside its transaction, to the other servers (live-events.ts). */
  live?: Pick<LiveEvents, 'publish'>;
}) {
  const tickets = createTicketRepository(deps.database.db);
  const routing = createRoutingRepository(deps.database.db);
  const outbox = createOutboxRepository(deps.database.db);

  async function change(
    ticketNo: string,
    actor: Actor,
    decide: (
      t: TicketRecord,
      tx: Db,
      now: Date,
    ) => Promise<{ patch: Partial<TicketRecord>; event: TicketEventDraft }>,
  ): Promise<TicketRecord> {
    const found = await tickets.findByNo(ticketNo);
    if (!found) throw new AppError('TICKET_NOT_FOUND', `No ticket ${ticketNo}.`);
    const now = deps.clock();
    let previousLevel: number | null = null;
    const updated = await tickets.update(
      found.id,
      async (current, tx) => {
        if (isFinal(current.status)) {
          throw new AppError('TICKET_CLOSED', `The ticket is ${current.status}; it cannot change hands.`);
        }
        const { patch, event } = await decide(current, tx, now);
        const after = { ...current, ...patch, version: current.version + 1, updatedAt: now };
        if (
          after.assigneeId !== null &&
          after.assigneeId !== current.assigneeId &&
          after.assigneeId !== actor.id
        ) {
          await outbox.enqueue(
            staffMessages(
              await routing.contacts([after.assigneeId], tx),
              after.id,
              after.lang,
              'ticket_assigned',
              {
                ticketNo: after.ticketNo,
                reason: String(event.payload.reason),
              },
            ),
            now,
            tx,
          );
        }
        previousLevel = current.level;
        await deps.live?.publish(tx, busEventOf('ticket.updated', after, current.level, now));
        return { patch, events: [event], result: after };
      },
      now,
    );
    // Only after the commit: a console never shows a hand-over that rolled back.
    deps.events?.emit(busEventOf('ticket.updated', updated, previousLevel, now));
    return updated;
  }

  async function requireStaff(userId: number, tx: Db): Promise<{ departmentId: number | null }> {
    const staff = await routing.staffExists(userId, tx);
    if (!staff)
      throw new AppError('STAFF_NOT_FOUND', `No active staff member ${userId}.`, { field: 'assigneeId' });
    return staff;
  }

  return {
    async assign(ticketNo: string, input: { assigneeId: number; reason?: string }, actor: Actor) {
      const reason = requireReason(input.reason);
      return change(ticketNo, actor, async (t, tx, now) => {
        const staff = await requireStaff(input.assigneeId, tx);
        const departmentId = t.departmentId ?? staff.departmentId;
        return {
          patch: { assigneeId: input.assigneeId, departmentId },
          event: {
            type: 'assigned',
            actor,
            at: now,
            visibility: 'internal',
            payload: { assigneeId: input.assigneeId, fromAssigneeId: t.assigneeId, departmentId, reason },
          },
        };
      });
    },

    /** Take the ticket yourself; with no owner yet (a web ticket nobody picked up) you become its owner. */
    async claim(ticketNo: string, input: { reason?: string }, actor: Actor) {
      const reason = requireReason(input.reason);
      if (actor.type !== 'staff' || actor.id === undefined)
        throw new AppError('FORBIDDEN', 'Only staff claim tickets.');
      const me = actor.id;
      return change(ticketNo, actor, async (t, tx, now) => {
        const staff = await requireStaff(me, tx);
        const patch: Partial<TicketRecord> = {
          assigneeId: me,
          departmentId: t.departmentId ?? staff.departmentId,
        };
        if (t.ownerId === null) patch.ownerId = me;
        return {
          patch,
          event: {
            type: 'claimed',
            actor,
            at: now,
            visibility: 'internal',
            payload: {
              assigneeId: me,
              fromAssigneeId: t.assigneeId,
              becameOwner: t.ownerId === null,
              reason,
            },
          },
        };
      });
    },

    /** Hand the ticket to another department; its handler is named or chosen as at intake. */
    async transfer(
      ticketNo: string,
      input: { departmentId: number; assigneeId?: number; reason?: string },
      actor: Actor,
    ) {
      const reason = requireReason(input.reason);
      return change(ticketNo, actor, async (t, tx, now) => {
        const departmentState = await routing.departmentState(input.departmentId, tx);
        if (departmentState === null) {
          throw new AppError('DEPARTMENT_NOT_FOUND', `No department ${input.departmentId}.`, {
            field: 'departmentId',
          });
        }
        if (departmentState === 'inactive') {
          throw new AppError(
            'DEPARTMENT_INACTIVE',
            `Department ${input.departmentId} was deactivated and takes no new work; choose another.`,
            { field: 'departmentId' },
          );
        }
        if (input.departmentId === t.departmentId) {
          throw new AppError(
            'TRANSFER_SAME_DEPARTMENT',
            'The ticket is already with that department; assign it instead.',
            {
              field: 'departmentId',
            },
          );
        }
        let assigneeId: number | null;
        if (input.assigneeId !== undefined) {
          const staff = await requireStaff(input.assigneeId, tx);
          if (staff.departmentId !== input.departmentId) {
            throw new AppError(
              'STAFF_NOT_IN_DEPARTMENT',
              'That person does not work in the receiving department.',
              {
                field: 'assigneeId',
              },
            );
          }
          assigneeId = input.assigneeId;
        } else {
          const last = await routing.lockCursor(input.departmentId, tx);
          const choice = chooseHandler(await routing.candidates(input.departmentId, tx), {
            lang: t.lang,
            level: t.level,
            lastAssignedId: last,
          });
          assigneeId = choice?.userId ?? null;
          if (choice?.reason === 'least_loaded')
            await routing.saveCursor(input.departmentId, choice.userId, tx);
        }
        return {
          patch: { departmentId: input.departmentId, assigneeId },
          event: {
            type: 'transferred',
            actor,
            at: now,
            visibility: 'internal',
            payload: {
              fromDepartmentId: t.departmentId,
              toDepartmentId: input.departmentId,
              fromAssigneeId: t.assigneeId,
              assigneeId,
              reason,
            },
          },
        };
      });
    },
  };
}

export type AssignmentService = ReturnType<typeof createAssignmentService>;
