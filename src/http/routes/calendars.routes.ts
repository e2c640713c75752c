import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AuditTrail, actorOf } from '../../services/access.ts';
import type { AuthService } from '../../services/auth.service.ts';
import { type CalendarService, describeGap } from '../../services/calendar.service.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffWith } from '../auth-guard.ts';

const CalendarParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const DateString = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'YYYY-MM-DD, local date',
});
const OverrideParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), date: DateString });
const Kind = Type.Union([Type.Literal('off'), Type.Literal('working')], {
  description: 'off: a day off; working: a make-up working day (调休上班) with the normal weekday hours',
});
const Name = Type.String({ maxLength: 100, description: 'Shown in deadline explanations, e.g. 国庆节' });

/** Working calendars and their dated overrides: configuration (admin.settings). */
export function calendarRoutes(
  app: FastifyInstance,
  deps: { calendars: CalendarService; auth: AuthService; clock: () => Date; audit?: AuditTrail },
): void {
  const r = app as unknown as TypeBoxApp;
  const tags = ['admin'];
  const preHandler = staffWith(deps.auth, 'admin.settings');
  const { calendars } = deps;
  // Calendar changes move deadlines, so who changed what is kept in the audit log. Written right after the
  // change commits (the calendar service owns that transaction).
  const audited = (
    request: FastifyRequest,
    action: string,
    target: string,
    details: Record<string, unknown>,
  ) => deps.audit?.record({ ...actorOf(request.access!), action, target, details });

  r.get(
    '/api/v1/admin/calendars',
    {
      preHandler,
      schema: { tags, summary: 'Calendars, with the current or next year each lacks holiday data for' },
    },
    async () => {
      const now = deps.clock();
      const items = await calendars.list(now);
      const warnings = items
        .filter((c) => c.missingYears.length > 0)
        .map((c) => describeGap({ calendarId: c.id, name: c.name, missingYears: c.missingYears }));
      return { items, warnings };
    },
  );

  r.get(
    '/api/v1/admin/calendars/:id/overrides',
    {
      preHandler,
      schema: {
        tags,
        summary: 'Dated overrides of a calendar (holidays, make-up working days)',
        params: CalendarParams,
        querystring: Type.Object(
          { year: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const all = await calendars.overrides(request.params.id);
      const { year } = request.query;
      return { items: year ? all.filter((o) => o.date.startsWith(`${year}-`)) : all };
    },
  );

  r.post(
    '/api/v1/admin/calendars/:id/overrides',
    {
      preHandler,
      schema: {
        tags,
        summary: 'Add an override on a date that has none',
        params: CalendarParams,
        body: Type.Object({ date: DateString, kind: Kind, name: Name }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { version } = await calendars.addOverride(request.params.id, request.body, deps.clock());
      await audited(request, 'calendar.override.add', `calendar:${request.params.id}`, {
        ...request.body,
        version,
      });
      return reply.status(201).send({ override: request.body, version });
    },
  );

  r.put(
    '/api/v1/admin/calendars/:id/overrides/:date',
    {
      preHandler,
      schema: {
        tags,
        summary: 'Change the kind or name of an override',
        params: OverrideParams,
        body: Type.Object({ kind: Kind, name: Name }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const { id, date } = request.params;
      const { version } = await calendars.updateOverride(id, date, request.body, deps.clock());
      await audited(request, 'calendar.override.update', `calendar:${id}`, {
        date,
        ...request.body,
        version,
      });
      return { override: { date, ...request.body }, version };
    },
  );

  r.delete(
    '/api/v1/admin/calendars/:id/overrides/:date',
    { preHandler, schema: { tags, summary: 'Remove an override', params: OverrideParams } },
    async (request) => {
      const { id, date } = request.params;
      const { version } = await calendars.deleteOverride(id, date, deps.clock());
      await audited(request, 'calendar.override.delete', `calendar:${id}`, { date, version });
      return { deleted: date, version };
    },
  );

  r.post(
    '/api/v1/admin/calendars/:id/import',
    {
      preHandler,
      schema: {
        tags,
        summary:
          'Load one year from a holiday-cn JSON file ({"year", "days": [{"name","date","isOffDay"}]}); all or nothing',
        params: CalendarParams,
        body: Type.Object({}, { additionalProperties: true }),
      },
    },
    async (request) => {
      const imported = await calendars.importHolidayCn(
        request.params.id,
        JSON.stringify(request.body),
        deps.clock(),
      );
      await audited(request, 'calendar.import', `calendar:${request.params.id}`, {
        year: (request.body as { year?: unknown }).year ?? null,
      });
      return imported;
    },
  );

  r.put(
    '/api/v1/admin/departments/:departmentId/calendar',
    {
      preHandler,
      schema: {
        tags,
        summary: "Set a department's own calendar (e.g. a Saturday clinic); null for the default",
        params: Type.Object({ departmentId: Type.String({ pattern: '^[0-9]{1,15}$' }) }),
        body: Type.Object(
          { calendarId: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const departmentId = Number(request.params.departmentId);
      await calendars.setDepartmentCalendar(departmentId, request.body.calendarId);
      await audited(request, 'department.calendar', `department:${departmentId}`, {
        calendarId: request.body.calendarId,
      });
      return { departmentId, calendarId: request.body.calendarId };
    },
  );
}
