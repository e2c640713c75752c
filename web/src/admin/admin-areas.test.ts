import { describe, expect, it } from 'vitest';
import { allowedAreas, areaForPath, canSeeAdmin } from './admin-areas.ts';

const ADMIN = ['users.manage', 'roles.manage', 'tokens.manage', 'admin.settings'];

describe('admin areas', () => {
  it('shows each page only with the permission its API needs', () => {
    expect(allowedAreas(ADMIN)).toEqual(['users', 'departments', 'routing', 'calendars', 'sla']);
    expect(allowedAreas(['admin.settings'])).toEqual(['calendars', 'sla']);
    expect(allowedAreas(['ticket.read', 'ticket.write'])).toEqual([]);
    expect(canSeeAdmin(['ticket.read', 'report.read'])).toBe(false);
    expect(canSeeAdmin(['users.manage'])).toBe(true);
  });

  it('maps paths to pages, the bare path to the first allowed one, and refuses the rest', () => {
    expect(areaForPath('/staff/admin', ADMIN)).toBe('users');
    expect(areaForPath('/staff/admin/', ['admin.settings'])).toBe('calendars');
    expect(areaForPath('/staff/admin/sla', ADMIN)).toBe('sla');
    expect(areaForPath('/staff/admin/sla', ['users.manage'])).toBeNull();
    expect(areaForPath('/staff/admin/nothing', ADMIN)).toBeNull();
    expect(areaForPath('/staff/admin', ['ticket.read'])).toBeNull();
  });
});
