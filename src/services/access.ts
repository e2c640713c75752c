import type { Permission } from '../domain/security/permissions.ts';
import type { AuditEntry, AuditRepository } from '../store/audit.repository.ts';
import type { Db } from '../store/database.ts';
import type { StaffUser } from '../store/staff.repository.ts';
import type { TicketRecord } from '../store/ticket.repository.ts';
import type { TicketScope } from '../store/ticket-scope.ts';
import type { WriteBatch } from '../store/write-batch.ts';

/**
 * Who is asking, with what rights, from where: built by the HTTP guard for each staff request and passed
 * to the services, which scope their queries and write the audit log with it.
 */
export interface AccessContext {
  user: StaffUser;
  permissions: ReadonlySet<Permission>;
  via: 'session' | 'token';
  tokenId?: number;
  ip?: string;
}

/** Where a public (patient) request came from, for the audit log. */
export interface RequestMeta {
  ip?: string;
}

export function can(ctx: AccessContext | undefined, permission: Permission): boolean {
  return ctx === undefined || ctx.permissions.has(permission);
}

/** The ticket scope of a viewer; undefined (no restriction) only for system work without a viewer. */
export function scopeFor(ctx: AccessContext | undefined): TicketScope | undefined {
  if (!ctx) return undefined;
  return {
    userId: ctx.user.id,
    all: ctx.permissions.has('ticket.read_all'),
    departmentId: ctx.user.departmentId,
  };
}

/** Without ticket.contact.read the patient's identity is not shown at all (leadership by default). */
export function redactContact<T extends TicketRecord>(ctx: AccessContext | undefined, t: T): T {
  if (can(ctx, 'ticket.contact.read')) return t;
  return { ...t, contactName: null, contactPhone: null, contactEmail: null, contactIdNumber: null };
}

export function actorOf(ctx: AccessContext): Pick<AuditEntry, 'actorType' | 'actorId' | 'actorName' | 'ip'> {
  return {
    actorType: ctx.via === 'token' ? 'token' : 'staff',
    actorId: ctx.user.id,
    actorName: ctx.via === 'token' ? `${ctx.user.username} (token ${ctx.tokenId})` : ctx.user.username,
    ip: ctx.ip ?? null,
  };
}

/** What services need of the audit log: one append, in the caller's transaction when given. */
export interface AuditTrail {
  record(entry: Omit<AuditEntry, 'at'> & { at?: Date }, tx?: Db): Promise<void>;
  /** Adds the entry to the transaction's final writes (write-batch.ts); it commits with them. */
  recordLater(batch: WriteBatch, entry: Omit<AuditEntry, 'at'> & { at?: Date }): void;
}

export function createAuditTrail(repo: AuditRepository, clock: () => Date): AuditTrail {
  return {
    async record(entry, tx) {
      await repo.append({ ...entry, at: entry.at ?? clock() }, tx);
    },
    recordLater(batch, entry) {
      repo.appendLater(batch, { ...entry, at: entry.at ?? clock() });
    },
  };
}
