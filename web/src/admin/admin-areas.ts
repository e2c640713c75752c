/**
 * The admin pages and who may open them. The server checks every request; this only decides which links
 * the console shows, so nobody is offered a page that would answer "not allowed".
 */
export type AdminArea = 'users' | 'departments' | 'routing' | 'calendars' | 'sla';

export const ADMIN_AREAS: readonly AdminArea[] = ['users', 'departments', 'routing', 'calendars', 'sla'];

/** The permission each page's API needs (access.routes.ts, workflow.routes.ts, calendars and SLA routes). */
export const AREA_PERMISSION: Readonly<Record<AdminArea, string>> = {
  users: 'users.manage',
  departments: 'users.manage',
  routing: 'users.manage',
  calendars: 'admin.settings',
  sla: 'admin.settings',
};

export const ADMIN_ROOT = '/staff/admin';

export function allowedAreas(permissions: readonly string[]): AdminArea[] {
  return ADMIN_AREAS.filter((area) => permissions.includes(AREA_PERMISSION[area]));
}

export function canSeeAdmin(permissions: readonly string[]): boolean {
  return allowedAreas(permissions).length > 0;
}

export function adminPath(area: AdminArea): string {
  return `${ADMIN_ROOT}/${area}`;
}

/**
 * The page a path asks for: its area when allowed, the first allowed area for the bare admin path,
 * null when the path names no page or one the user may not open.
 */
export function areaForPath(path: string, permissions: readonly string[]): AdminArea | null {
  const allowed = allowedAreas(permissions);
  const rest = path.replace(/\/+$/, '');
  if (rest === ADMIN_ROOT) return allowed[0] ?? null;
  const match = /^\/staff\/admin\/([a-z]+)$/.exec(rest);
  const area = ADMIN_AREAS.find((a) => a === match?.[1]);
  return area && allowed.includes(area) ? area : null;
}
