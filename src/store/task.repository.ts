import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { ticketTasks } from './schema-workflow.ts';

export type TaskState = 'open' | 'answered' | 'cancelled';

export interface TicketTask {
  id: number;
  ticketId: number;
  departmentId: number;
  assigneeId: number | null;
  question: string;
  answer: string | null;
  dueAt: Date;
  state: TaskState;
  createdBy: number | null;
  createdAt: Date;
  answeredAt: Date | null;
}

const toTask = (row: typeof ticketTasks.$inferSelect): TicketTask => ({
  ...row,
  state: row.state as TaskState,
});

export function createTaskRepository(db: Db) {
  return {
    async insert(
      task: Omit<TicketTask, 'id' | 'answer' | 'answeredAt' | 'state'>,
      tx: Db,
    ): Promise<TicketTask> {
      const [row] = await tx
        .insert(ticketTasks)
        .values({ ...task, state: 'open' })
        .returning();
      return toTask(row!);
    },

    async forTicket(ticketId: number, tx: Db = db): Promise<TicketTask[]> {
      const rows = await tx
        .select()
        .from(ticketTasks)
        .where(eq(ticketTasks.ticketId, ticketId))
        .orderBy(asc(ticketTasks.id));
      return rows.map(toTask);
    },

    async find(ticketId: number, taskId: number, tx: Db): Promise<TicketTask | null> {
      const [row] = await tx
        .select()
        .from(ticketTasks)
        .where(and(eq(ticketTasks.id, taskId), eq(ticketTasks.ticketId, ticketId)));
      return row ? toTask(row) : null;
    },

    async close(
      taskId: number,
      change: { state: TaskState; answer?: string; answeredAt?: Date },
      tx: Db,
    ): Promise<TicketTask> {
      const [row] = await tx.update(ticketTasks).set(change).where(eq(ticketTasks.id, taskId)).returning();
      return toTask(row!);
    },
  };
}

export type TaskRepository = ReturnType<typeof createTaskRepository>;
