import { AppError } from '../domain/app-error.ts';
import { type Actor, isFinal, type TicketEventDraft } from '../domain/ticket/ticket.ts';
import { staffMessages } from '../notify/compose-messages.ts';
import type { Database, Db } from '../store/database.ts';
import { createOutboxRepository } from '../store/outbox.repository.ts';
import { createRoutingRepository } from '../store/routing.repository.ts';
import { createTaskRepository, type TicketTask } from '../store/task.repository.ts';
import { createTicketRepository, type TicketRecord } from '../store/ticket.repository.ts';
import type { LiveEvents } from './live-events.ts';
import type { Clock } from './ticket.service.ts';
import { busEventOf, type TicketEventsBus } from './ticket-events-bus.ts';

export const TASK_TEXT_MAX_CHARS = 2000;

/**
 * Department tasks (科室反馈): the handler asks another department a question with a due time; the
 * ticket shows each task's state. Tasks in two or more departments make the ticket multi-department
 * (a longer SLA) unless staff say otherwise when opening the task.
 */
export function createTaskService(deps: {
  database: Database;
  clock: Clock;
  /** Told after each committed task change: consoles showing the ticket reload it. */
  events?: TicketEventsBus;
  /** Publishes each change, inside its transaction, to the other servers (live-events.ts). */
  live?: Pick<LiveEvents, 'publish'>;
}) {
  const tickets = createTicketRepository(deps.database.db);
  const tasks = createTaskRepository(deps.database.db);
  const routing = createRoutingRepository(deps.database.db);
  const outbox = createOutboxRepository(deps.database.db);

  async function ticketId(ticketNo: string): Promise<number> {
    const t = await tickets.findByNo(ticketNo);
    if (!t) throw new AppError('TICKET_NOT_FOUND', `No ticket ${ticketNo}.`);
    return t.id;
  }

  function text(value: string, field: string): string {
    const v = value.trim();
    if (v === '') throw new AppError('VALIDATION_FAILED', `"${field}" must not be empty.`, { field });
    if ([...v].length > TASK_TEXT_MAX_CHARS) {
      throw new AppError(
        'VALIDATION_FAILED',
        `"${field}" is longer than ${TASK_TEXT_MAX_CHARS} characters.`,
        { field },
      );
    }
    return v;
  }

  /**
   * Runs a task change under the ticket's row lock, with its timeline events. The ticket changes with it
   * (new events, a new version, perhaps multi-department), so live screens hear of it like any change.
   */
  async function onTicket<T>(
    id: number,
    fn: (
      t: TicketRecord,
      tx: Db,
      now: Date,
    ) => Promise<{ patch?: Partial<TicketRecord>; events: TicketEventDraft[]; result: T }>,
  ): Promise<T> {
    const now = deps.clock();
    let announced: { after: TicketRecord; previousLevel: number | null } | undefined;
    const result = await tickets.update(
      id,
      async (current, tx) => {
        const { patch = {}, events, result } = await fn(current, tx, now);
        const after = { ...current, ...patch, version: current.version + 1, updatedAt: now };
        await deps.live?.publish(tx, busEventOf('ticket.updated', after, current.level, now));
        announced = { after, previousLevel: current.level };
        return { patch, events, result };
      },
      now,
    );
    // Only after the commit: a console never shows a change that rolled back.
    if (announced)
      deps.events?.emit(busEventOf('ticket.updated', announced.after, announced.previousLevel, now));
    return result;
  }

  return {
    async open(
      ticketNo: string,
      input: {
        departmentId: number;
        question: string;
        dueAt: Date;
        assigneeId?: number;
        multiDepartment?: boolean;
      },
      actor: Actor,
    ): Promise<TicketTask> {
      const question = text(input.question, 'question');
      const id = await ticketId(ticketNo);
      return onTicket(id, async (t, tx, now) => {
        if (isFinal(t.status))
          throw new AppError('TICKET_CLOSED', `The ticket is ${t.status}; no new tasks.`);
        if (input.dueAt.getTime() <= now.getTime()) {
          throw new AppError('TASK_DUE_IN_PAST', 'The due time must be in the future.', { field: 'dueAt' });
        }
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
        if (input.assigneeId !== undefined) {
          const staff = await routing.staffExists(input.assigneeId, tx);
          if (!staff || staff.departmentId !== input.departmentId) {
            throw new AppError(
              'STAFF_NOT_IN_DEPARTMENT',
              'That person does not work in the task department.',
              {
                field: 'assigneeId',
              },
            );
          }
        }
        const task = await tasks.insert(
          {
            ticketId: t.id,
            departmentId: input.departmentId,
            assigneeId: input.assigneeId ?? null,
            question,
            dueAt: input.dueAt,
            createdBy: actor.id ?? null,
            createdAt: now,
          },
          tx,
        );
        const events: TicketEventDraft[] = [
          {
            type: 'task_opened',
            actor,
            at: now,
            visibility: 'internal',
            payload: {
              taskId: task.id,
              departmentId: task.departmentId,
              assigneeId: task.assigneeId,
              dueAt: task.dueAt.toISOString(),
              question,
            },
          },
        ];
        const patch: Partial<TicketRecord> = {};
        const all = await tasks.forTicket(t.id, tx);
        const departments = [
          ...new Set(all.filter((x) => x.state !== 'cancelled').map((x) => x.departmentId)),
        ];
        if (input.multiDepartment === false && !t.multiDepartment) {
          events.push({
            type: 'multi_department_declined',
            actor,
            at: now,
            visibility: 'internal',
            payload: { departments },
          });
        } else if (!t.multiDepartment && departments.length >= 2) {
          const declined = (await tickets.events(t.id, 'internal', tx)).some(
            (e) => e.type === 'multi_department_declined',
          );
          if (!declined || input.multiDepartment === true) {
            patch.multiDepartment = true;
            events.push({
              type: 'multi_department_set',
              actor,
              at: now,
              visibility: 'internal',
              payload: { departments },
            });
          }
        }
        const recipients =
          task.assigneeId !== null
            ? await routing.contacts([task.assigneeId], tx)
            : await routing.departmentHeads(task.departmentId, tx);
        await outbox.enqueue(
          staffMessages(recipients, t.id, t.lang, 'task_opened', {
            ticketNo: t.ticketNo,
            dueAt: task.dueAt.toISOString(),
            question,
          }),
          now,
          tx,
        );
        return { patch, events, result: task };
      });
    },

    async answer(ticketNo: string, taskId: number, answerText: string, actor: Actor): Promise<TicketTask> {
      const answer = text(answerText, 'answer');
      const id = await ticketId(ticketNo);
      return onTicket(id, async (t, tx, now) => {
        const task = await tasks.find(t.id, taskId, tx);
        if (!task) throw new AppError('TASK_NOT_FOUND', `No task ${taskId} on ${ticketNo}.`);
        if (task.state !== 'open') throw new AppError('TASK_NOT_OPEN', `The task is already ${task.state}.`);
        const done = await tasks.close(taskId, { state: 'answered', answer, answeredAt: now }, tx);
        return {
          events: [
            {
              type: 'task_answered',
              actor,
              at: now,
              visibility: 'internal',
              payload: { taskId, departmentId: task.departmentId, answer },
            },
          ],
          result: done,
        };
      });
    },

    async cancel(ticketNo: string, taskId: number, reason: string, actor: Actor): Promise<TicketTask> {
      const why = text(reason, 'reason');
      const id = await ticketId(ticketNo);
      return onTicket(id, async (t, tx, now) => {
        const task = await tasks.find(t.id, taskId, tx);
        if (!task) throw new AppError('TASK_NOT_FOUND', `No task ${taskId} on ${ticketNo}.`);
        if (task.state !== 'open') throw new AppError('TASK_NOT_OPEN', `The task is already ${task.state}.`);
        const done = await tasks.close(taskId, { state: 'cancelled' }, tx);
        return {
          events: [
            {
              type: 'task_cancelled',
              actor,
              at: now,
              visibility: 'internal',
              payload: { taskId, reason: why },
            },
          ],
          result: done,
        };
      });
    },

    async list(ticketNo: string): Promise<TicketTask[]> {
      return tasks.forTicket(await ticketId(ticketNo));
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
