import { chooseHandler } from '../domain/assignment/choose-handler.ts';
import { routeTicket } from '../domain/assignment/route-ticket.ts';
import type { NewTicket } from '../domain/ticket/new-ticket.ts';
import {
  type Category,
  type Kind,
  type Level,
  SYSTEM,
  type TicketEventDraft,
} from '../domain/ticket/ticket.ts';
import { applyTicketAction } from '../domain/ticket/ticket-lifecycle.ts';
import { patientMessages, staffMessages, trackHint } from '../notify/compose-messages.ts';
import type { Database, Db } from '../store/database.ts';
import { createIntakeRepository } from '../store/intake.repository.ts';
import { createOutboxRepository, type OutboxDraft } from '../store/outbox.repository.ts';
import { createRoutingRepository } from '../store/routing.repository.ts';
import type { IntakeColumns, TicketRecord } from '../store/ticket.repository.ts';
import {
  type ChangeHook,
  type IntakeContext,
  type IntakeHook,
  type IntakePlan,
  NEW_TICKET_STATE,
} from './ticket-hooks.ts';

/** A repeat from the same phone within this window, with text at least this similar, is flagged. */
export const DUPLICATE_WINDOW_HOURS = 48;
export const DUPLICATE_MIN_SIMILARITY = 0.5;

/** What the triage engine answers; intake uses it when one is wired in (src/domain/triage). */
export interface TriageVerdict {
  kind: Kind;
  category: Category;
  level: Level;
  reasons?: string[];
}
export type TriageFn = (text: string, lang: 'zh' | 'en') => TriageVerdict;

export interface WorkflowHooksDeps {
  database: Database;
  publicUrl: string | undefined;
  confirmationWindowDays: number;
  /** Absent until a triage model is loaded: tickets are then routed on channel and keywords only. */
  triage?: TriageFn | undefined;
}

const MENTION_RE = /(?:^|[^\w@])@([A-Za-z0-9_.-]{2,40})/g;

export function mentionedUsernames(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION_RE)].map((m) => m[1]!.replace(/\.+$/, '')))];
}

/**
 * The workflow that runs inside every intake and every ticket change: triage → route → assign →
 * owner, duplicate hint, praise record, and the notifications those cause (outbox, same transaction).
 */
export function createWorkflowHooks(deps: WorkflowHooksDeps): {
  onIntake: IntakeHook;
  afterChange: ChangeHook;
} {
  const routing = createRoutingRepository(deps.database.db);
  const intake = createIntakeRepository(deps.database.db);
  const outbox = createOutboxRepository(deps.database.db);

  const onIntake: IntakeHook = async (ticket: NewTicket, ctx: IntakeContext): Promise<IntakePlan> => {
    const { tx, now, actor } = ctx;
    const columns: IntakeColumns = {};
    const events: TicketEventDraft[] = [];
    const at = { actor: SYSTEM, at: now, visibility: 'internal' as const };

    let kind: Kind | null = null;
    let category: Category | null = null;
    let level: Level | null = null;
    if (deps.triage) {
      const verdict = deps.triage(ticket.text, ticket.lang);
      const result = applyTicketAction(
        NEW_TICKET_STATE,
        { type: 'triage', ...verdict, source: 'auto' },
        SYSTEM,
        now,
      );
      ({ kind, category, level } = result.state);
      Object.assign(columns, { kind, category, level });
      events.push(...result.events);
    }
    if (ticket.channel === 'vip_advisor') columns.vip = true;

    const route = routeTicket(await routing.rulesForRouting(tx), {
      text: ticket.text,
      channel: ticket.channel,
      kind,
      category,
    });
    let assigneeId: number | null = null;
    if (route) {
      columns.departmentId = route.departmentId;
      events.push({
        ...at,
        type: 'routed',
        payload: { departmentId: route.departmentId, ruleId: route.ruleId, matched: route.matched },
      });
      const lastAssignedId = await routing.lockCursor(route.departmentId, tx);
      const choice = chooseHandler(await routing.candidates(route.departmentId, tx), {
        lang: ticket.lang,
        level,
        lastAssignedId,
      });
      if (choice) {
        assigneeId = choice.userId;
        columns.assigneeId = choice.userId;
        if (choice.reason === 'least_loaded') await routing.saveCursor(route.departmentId, choice.userId, tx);
        events.push({
          ...at,
          type: 'assigned',
          payload: {
            assigneeId: choice.userId,
            departmentId: route.departmentId,
            reason: `auto:${choice.reason}`,
            languageMatched: choice.languageMatched,
          },
        });
      }
    }
    // 首诉负责制: whoever took the contact owns the case; for self-service channels, the first handler.
    const ownerId = actor.type === 'staff' && actor.id !== undefined ? actor.id : assigneeId;
    if (ownerId !== null) {
      columns.ownerId = ownerId;
      events.push({
        ...at,
        type: 'owner_set',
        payload: { ownerId, reason: actor.type === 'staff' ? 'first_contact' : 'first_handler' },
      });
    }

    if (ticket.contactPhone) {
      const similar = await intake.similarRecent(
        {
          phone: ticket.contactPhone,
          text: ticket.text,
          since: new Date(ticket.receivedAt.getTime() - DUPLICATE_WINDOW_HOURS * 3600_000),
          minSimilarity: DUPLICATE_MIN_SIMILARITY,
        },
        tx,
      );
      if (similar) {
        events.push({
          ...at,
          type: 'duplicate_suggested',
          payload: { ticketNo: similar.ticketNo, similarity: Math.round(similar.similarity * 100) / 100 },
        });
      }
    }
    if (kind === 'praise') {
      events.push({
        ...at,
        type: 'praise_recorded',
        payload: { departmentId: columns.departmentId ?? null },
      });
    }
    const pageOnCall = level === 1;
    const onCall = pageOnCall ? await routing.onCall(columns.departmentId ?? null, tx) : [];
    if (onCall.length > 0)
      events.push({ ...at, type: 'on_call_paged', payload: { userIds: onCall.map((s) => s.userId) } });

    return {
      columns,
      events,
      afterInsert: async (inserted: TicketRecord, itx: Db) => {
        const params = { ticketNo: inserted.ticketNo };
        const drafts: OutboxDraft[] = [
          ...patientMessages(inserted, 'ticket_received', {
            ...params,
            trackingCode: ctx.trackingCode,
            trackHint: trackHint(inserted.lang, deps.publicUrl),
          }),
        ];
        if (assigneeId !== null && assigneeId !== actor.id) {
          drafts.push(
            ...staffMessages(
              await routing.contacts([assigneeId], itx),
              inserted.id,
              inserted.lang,
              'ticket_assigned',
              {
                ...params,
                reason: route ? route.matched.join(', ') || 'default' : 'default',
              },
            ),
          );
        }
        drafts.push(...staffMessages(onCall, inserted.id, inserted.lang, 'level1_page', params));
        outbox.enqueueLater(ctx.writes, drafts, now);
        if (kind === 'praise') {
          await intake.recordPraise(
            {
              ticketId: inserted.id,
              departmentId: inserted.departmentId,
              receivedAt: inserted.receivedAt,
              recordedAt: now,
            },
            itx,
          );
        }
      },
    };
  };

  const afterChange: ChangeHook = async ({ before, after, events, actor, tx, now }) => {
    const extra: TicketEventDraft[] = [];
    const drafts: OutboxDraft[] = [];
    const hint = trackHint(after.lang, deps.publicUrl);
    const params = { ticketNo: after.ticketNo };
    for (const e of events) {
      const text = typeof e.payload.text === 'string' ? e.payload.text : '';
      if (e.type === 'reply') {
        drafts.push(...patientMessages(after, 'staff_replied', { ...params, text, trackHint: hint }));
      } else if (e.type === 'resolution_proposed') {
        drafts.push(
          ...patientMessages(after, 'resolution_proposed', {
            ...params,
            text,
            windowDays: deps.confirmationWindowDays,
            trackHint: hint,
          }),
        );
      } else if (e.type === 'patient_rejected') {
        // A reopen raises the level of attention: the department head hears of it, and the owner.
        const heads =
          after.departmentId === null ? [] : await routing.departmentHeads(after.departmentId, tx);
        const owner = after.ownerId === null ? [] : await routing.contacts([after.ownerId], tx);
        drafts.push(
          ...staffMessages([...heads, ...owner], after.id, after.lang, 'patient_rejected', {
            ...params,
            reopenCount: after.reopenCount,
            comment: typeof e.payload.comment === 'string' ? e.payload.comment : '—',
          }),
        );
      } else if (e.type === 'note') {
        const users = await routing.usersByUsername(mentionedUsernames(text), tx);
        if (users.length > 0) {
          const ids = users.map((u) => u.id).filter((id) => id !== actor.id);
          extra.push({
            type: 'staff_mentioned',
            actor,
            at: now,
            visibility: 'internal',
            payload: { userIds: ids },
          });
          const by = actor.id === undefined ? [] : await routing.contacts([actor.id], tx);
          drafts.push(
            ...staffMessages(await routing.contacts(ids, tx), after.id, after.lang, 'mentioned', {
              ...params,
              by: by[0]?.displayName ?? 'CareLoop',
              text,
            }),
          );
        }
      } else if (
        e.type === 'status_changed' &&
        e.payload.to === 'duplicate' &&
        after.duplicateOfId !== null
      ) {
        // Merging keeps both timelines: the original records which ticket was folded into it.
        await intake.appendToOtherTicket(
          after.duplicateOfId,
          [
            {
              type: 'duplicate_linked',
              actor,
              at: now,
              visibility: 'internal',
              payload: { duplicateNo: after.ticketNo },
            },
          ],
          now,
          tx,
        );
      } else if (e.type === 'triage_corrected' && after.kind === 'praise' && before.kind !== 'praise') {
        await intake.recordPraise(
          {
            ticketId: after.id,
            departmentId: after.departmentId,
            receivedAt: after.receivedAt,
            recordedAt: now,
          },
          tx,
        );
        extra.push({
          type: 'praise_recorded',
          actor: SYSTEM,
          at: now,
          visibility: 'internal',
          payload: { departmentId: after.departmentId },
        });
      }
    }
    await outbox.enqueue(drafts, now, tx);
    return extra;
  };

  return { onIntake, afterChange };
}
