import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/app-error.ts';
import type { AuthService } from '../../services/auth.service.ts';
import type { AuditRepository, AuditRow } from '../../store/audit.repository.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffWith } from '../auth-guard.ts';

const AuditQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    actorId: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    ticketNo: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' })),
    action: Type.Optional(Type.String({ maxLength: 60 })),
    afterId: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  },
  { additionalProperties: false },
);

export const auditJson = (r: AuditRow) => ({ ...r, at: r.at.toISOString() });

/** The audit log for auditors (audit.read): query, export as JSON lines, verify the chain. Never editable. */
export function auditRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; auditLog: AuditRepository },
): void {
  const r = app as unknown as TypeBoxApp;
  const tags = ['audit'];
  const preHandler = staffWith(deps.auth, 'audit.read');
  const parse = (q: Record<string, string | undefined>) => {
    const date = (v: string | undefined, field: string) => {
      if (v === undefined) return undefined;
      const d = new Date(v);
      if (Number.isNaN(d.getTime()))
        throw new AppError('VALIDATION_FAILED', `${field} is not a date.`, { field });
      return d;
    };
    const from = date(q.from, 'from');
    const to = date(q.to, 'to');
    return {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(q.actorId ? { actorId: Number(q.actorId) } : {}),
      ...(q.ticketNo ? { ticketNo: q.ticketNo } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.afterId ? { afterId: Number(q.afterId) } : {}),
    };
  };

  r.get(
    '/api/v1/audit',
    {
      preHandler,
      schema: {
        tags,
        summary: 'Query the audit log (oldest first; page with afterId)',
        querystring: AuditQuery,
      },
    },
    async (req) => {
      const limit = Math.min(Number(req.query.limit ?? 200), 1000);
      const items = await deps.auditLog.query({ ...parse(req.query), limit });
      const last = items[items.length - 1];
      return { items: items.map(auditJson), nextAfterId: items.length === limit && last ? last.id : null };
    },
  );

  r.get(
    '/api/v1/audit/export',
    { preHandler, schema: { tags, summary: 'Export the audit log as JSON lines', querystring: AuditQuery } },
    async (req, reply) => {
      const base = parse(req.query);
      const lines: string[] = [];
      let afterId = base.afterId;
      for (;;) {
        const batch = await deps.auditLog.query({
          ...base,
          ...(afterId !== undefined ? { afterId } : {}),
          limit: 1000,
        });
        for (const row of batch) lines.push(JSON.stringify(auditJson(row)));
        if (batch.length < 1000) break;
        afterId = batch[batch.length - 1]!.id;
      }
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="careloop-audit.jsonl"')
        .send(lines.length ? `${lines.join('\n')}\n` : '');
    },
  );

  r.get(
    '/api/v1/audit/verify',
    { preHandler, schema: { tags, summary: 'Verify the hash chain' } },
    async () => deps.auditLog.verify(),
  );
}
