import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createFileAttachmentStore, createMemoryAttachmentStore } from '../store/attachment-store.ts';
import type { Database } from '../store/database.ts';
import { createAssignmentService } from './assignment.service.ts';
import { createAttachmentService } from './attachment.service.ts';
import { createIntakeService } from './intake.service.ts';
import type { LiveEvents } from './live-events.ts';
import { createNotificationService, providersFromConfig } from './notification.service.ts';
import { createTaskService } from './task.service.ts';
import type { Clock, TicketService } from './ticket.service.ts';
import type { TicketEventsBus } from './ticket-events-bus.ts';
import { createWorkflowAdminService } from './workflow-admin.service.ts';
import { createWorkflowHooks, type TriageFn } from './workflow-hooks.ts';

/**
 * Wiring of the handling workflow (issue 5). Two steps because the ticket service needs the hooks and
 * the channel services need the ticket service:
 *   const hooks = workflowHooks(...); const tickets = createTicketService({ ...hooks }); workflowServices(...)
 */
export function workflowHooks(deps: { database: Database; config: Config; triage?: TriageFn | undefined }) {
  return createWorkflowHooks({
    database: deps.database,
    publicUrl: deps.config.publicUrl,
    confirmationWindowDays: deps.config.confirmationWindowDays,
    triage: deps.triage,
  });
}

export function workflowServices(deps: {
  database: Database;
  config: Config;
  logger: Logger;
  clock: Clock;
  tickets: TicketService;
  /** Live screens: assignment and task changes are announced like every other ticket change. */
  events?: TicketEventsBus;
  live?: Pick<LiveEvents, 'publish'>;
}) {
  const { database, clock, config } = deps;
  const announce = { events: deps.events, live: deps.live };
  const store = config.attachmentsDir.startsWith('memory://')
    ? createMemoryAttachmentStore()
    : createFileAttachmentStore(config.attachmentsDir);
  return {
    intake: createIntakeService({
      database,
      tickets: deps.tickets,
      clock,
      intakeSecrets: config.intakeSecrets,
    }),
    assignment: createAssignmentService({ database, clock, ...announce }),
    tasks: createTaskService({ database, clock, ...announce }),
    attachments: createAttachmentService({ database, store, clock }),
    notifications: createNotificationService({
      database,
      clock,
      providers: providersFromConfig(config.notify, deps.logger),
    }),
    admin: createWorkflowAdminService({ database }),
  };
}

export type WorkflowServices = ReturnType<typeof workflowServices>;
