import type { FastifyInstance } from 'fastify';
import { scopeFor } from '../../services/access.ts';
import type { AuthService } from '../../services/auth.service.ts';
import type { Clock } from '../../services/ticket.service.ts';
import { createDashboardRepository } from '../../store/dashboard.repository.ts';
import type { Database } from '../../store/database.ts';
import { staffWith } from '../auth-guard.ts';

/** The first dashboard looks back this many days, today included. */
export const DASHBOARD_WINDOW_DAYS = 30;

export function dashboardRoutes(
  app: FastifyInstance,
  deps: { database: Database; auth: AuthService; clock: Clock; timeZone: string },
): void {
  const dashboard = createDashboardRepository(deps.database.db);
  app.get(
    '/api/v1/dashboard/summary',
    {
      preHandler: staffWith(deps.auth, 'report.read'),
      schema: {
        tags: ['dashboard'],
        summary: `Open and overdue tickets by level; received and closed per day, top categories and response/resolution compliance per level over the last ${DASHBOARD_WINDOW_DAYS} days`,
        description:
          "Counts the viewer's figures: every ticket, or their department's. Closed days come from the per-day rollup (job dashboard-rollup), today and days changed since its last run from the tickets, so the figures are always current.",
      },
    },
    async (request) => ({
      timeZone: deps.timeZone,
      days: DASHBOARD_WINDOW_DAYS,
      // A department head's figures are their department's: the same scope as their ticket list.
      ...(await dashboard.summary({
        now: deps.clock(),
        timeZone: deps.timeZone,
        days: DASHBOARD_WINDOW_DAYS,
        scope: scopeFor(request.access)!,
      })),
    }),
  );
}
