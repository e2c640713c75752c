/**
 * Permissions and the preset roles. Roles are data (table `roles`): these presets are seeded on first
 * start and an admin may change them; the code only ever checks permissions, never role names.
 */

export const PERMISSIONS = [
  /** See tickets at all (list, detail, counts, search) — within the department scope. */
  'ticket.read',
  /** The department scope does not apply: every ticket (patient relations, quality). */
  'ticket.read_all',
  /** Reply, note, transition, propose a resolution. */
  'ticket.write',
  /** Set kind, category, level; name the staff member a complaint is about. */
  'ticket.triage',
  /** Patient identity (name, masked phone, masked email) appears at all; without it contact fields are null. */
  'ticket.contact.read',
  /** Full phone, email, ID number through the logged reveal endpoint. */
  'ticket.contact.reveal',
  /** Aggregate counts for dashboards. */
  'report.read',
  /** Data-subject requests: export everything about one person, erase/anonymise. */
  'privacy.manage',
  /** The audit log: query and export. */
  'audit.read',
  /** Accounts: create, disable, roles, departments, password resets, sessions. */
  'users.manage',
  /** Change what a role may do. */
  'roles.manage',
  /** API tokens for integrations. */
  'tokens.manage',
  /** Configuration that is not about people: working calendars, SLA policy, health detail, backups. */
  'admin.settings',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(p: string): p is Permission {
  return (PERMISSIONS as readonly string[]).includes(p);
}

export interface RolePreset {
  name: string;
  description: string;
  permissions: Permission[];
}

export const ROLE_PRESETS: readonly RolePreset[] = [
  {
    name: 'agent',
    description: 'Patient-relations staff: take in, triage and follow every case (首诉负责).',
    permissions: [
      'ticket.read',
      'ticket.read_all',
      'ticket.write',
      'ticket.triage',
      'ticket.contact.read',
      'ticket.contact.reveal',
      'report.read',
    ],
  },
  {
    name: 'department_handler',
    description: 'Handles the cases of their own department (assigned or tasked to it).',
    permissions: ['ticket.read', 'ticket.write', 'ticket.contact.read', 'ticket.contact.reveal'],
  },
  {
    name: 'department_head',
    description: "Head of a department: the department's cases and its figures.",
    permissions: [
      'ticket.read',
      'ticket.write',
      'ticket.triage',
      'ticket.contact.read',
      'ticket.contact.reveal',
      'report.read',
    ],
  },
  {
    name: 'quality_manager',
    description: 'Quality office: every case, data-subject requests, figures.',
    permissions: [
      'ticket.read',
      'ticket.read_all',
      'ticket.write',
      'ticket.triage',
      'ticket.contact.read',
      'ticket.contact.reveal',
      'report.read',
      'privacy.manage',
    ],
  },
  {
    name: 'leadership',
    description: 'Hospital leadership: read-only, no patient identities unless granted ticket.contact.read.',
    permissions: ['ticket.read', 'ticket.read_all', 'report.read'],
  },
  {
    name: 'auditor',
    description: 'Reads and exports the audit log; no case content.',
    permissions: ['audit.read'],
  },
  {
    name: 'admin',
    description: 'Accounts, roles, tokens and configuration; no case content unless also granted.',
    permissions: ['users.manage', 'roles.manage', 'tokens.manage', 'admin.settings'],
  },
];

/**
 * What each preset held in an earlier release, when it has changed since. A stored preset still holding
 * exactly what that release seeded was never edited by the institution, so starting this version brings
 * it up to date (access.repository.ts seedRoles); an edited role is left as the institution made it.
 * 0.1.0 checked `role === 'admin'` for calendars, health and backups: 'admin.settings' keeps that right.
 * (Stateless on purpose: an institution that wants an admin without it gives that person another role.)
 */
export const EARLIER_PRESET_PERMISSIONS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  admin: [['users.manage', 'roles.manage', 'tokens.manage']],
};

/** The permissions a stored preset role should be given now, or null when it stays as it is. */
export function presetUpgrade(name: string, stored: readonly string[]): Permission[] | null {
  const preset = ROLE_PRESETS.find((r) => r.name === name);
  const earlier = EARLIER_PRESET_PERMISSIONS[name] ?? [];
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join() === [...b].sort().join();
  if (!preset || same(stored, preset.permissions)) return null;
  return earlier.some((old) => same(stored, old)) ? [...preset.permissions] : null;
}

/** A role's permissions plus the user's individual grants, intersected with a token's scopes. */
export function effectivePermissions(
  rolePermissions: readonly string[],
  grants: readonly string[] = [],
  scopes?: readonly string[],
): Set<Permission> {
  const all = new Set<Permission>([...rolePermissions, ...grants].filter(isPermission));
  if (scopes === undefined) return all;
  const allowed = new Set(scopes);
  return new Set([...all].filter((p) => allowed.has(p)));
}
