import { type SQL, sql } from 'drizzle-orm';
import { tickets } from './schema.ts';
import { ticketTasks } from './schema-workflow.ts';

/**
 * Which tickets one viewer may see, as a WHERE clause: the scope is part of every ticket query (list,
 * detail, counts, search), never a filter applied to results afterwards, so a page, a count or a search
 * can never carry another department's ticket.
 */
export interface TicketScope {
  /** The viewer (staff user id): their own first-contact tickets are visible, and tickets about them are not. */
  userId: number;
  /** Every ticket (patient relations, quality, leadership); else only the department's. */
  all: boolean;
  /** The viewer's department; null = none (then only own tickets). */
  departmentId: number | null;
  /**
   * More ways a department reaches a ticket, each a condition on `tickets.id` given the department id
   * (e.g. a department task). The task clause is built in; callers may add others.
   */
  alsoVisibleVia?: ((departmentId: number) => SQL)[];
}

/** A department task (issue 5's ticket_tasks) opens the ticket to the tasked department. */
export const visibleViaTask = (departmentId: number): SQL =>
  sql`EXISTS (SELECT 1 FROM ${ticketTasks} WHERE ${ticketTasks.ticketId} = ${tickets.id} AND ${ticketTasks.departmentId} = ${departmentId})`;

export function scopeCondition(scope: TicketScope): SQL {
  // Conflict of interest: a ticket about a named staff member is hidden from them, whatever their role.
  const notAboutViewer = sql`(${tickets.subjectStaffId} IS NULL OR ${tickets.subjectStaffId} <> ${scope.userId})`;
  if (scope.all) return notAboutViewer;
  const reach: SQL[] = [
    sql`${tickets.ownerId} = ${scope.userId}`,
    sql`${tickets.assigneeId} = ${scope.userId}`,
  ];
  if (scope.departmentId !== null) {
    const d = scope.departmentId;
    reach.push(sql`${tickets.departmentId} = ${d}`);
    for (const via of [visibleViaTask, ...(scope.alsoVisibleVia ?? [])]) reach.push(via(d));
  }
  return sql`(${sql.join(reach, sql` OR `)}) AND ${notAboutViewer}`;
}
