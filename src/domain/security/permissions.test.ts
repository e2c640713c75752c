import { describe, expect, it } from 'vitest';
import { effectivePermissions, presetUpgrade, ROLE_PRESETS } from './permissions.ts';

describe('preset roles across releases', () => {
  it('gives the 0.1.0 admin preset the settings permission it used to get from its name', () => {
    expect(presetUpgrade('admin', ['tokens.manage', 'users.manage', 'roles.manage'])).toEqual(
      ROLE_PRESETS.find((r) => r.name === 'admin')!.permissions,
    );
    expect(presetUpgrade('admin', ['users.manage', 'roles.manage', 'tokens.manage'])).toContain(
      'admin.settings',
    );
  });

  it('leaves a current, an edited or an unknown role as it is', () => {
    const current = ROLE_PRESETS.find((r) => r.name === 'admin')!.permissions;
    expect(presetUpgrade('admin', current)).toBeNull();
    expect(presetUpgrade('admin', ['users.manage'])).toBeNull();
    expect(presetUpgrade('agent', ['ticket.read'])).toBeNull();
    expect(presetUpgrade('front_desk', ['users.manage', 'roles.manage', 'tokens.manage'])).toBeNull();
  });

  it('a token limited to other scopes does not carry admin.settings', () => {
    const admin = ROLE_PRESETS.find((r) => r.name === 'admin')!.permissions;
    expect(effectivePermissions(admin, [], ['users.manage']).has('admin.settings')).toBe(false);
    expect(effectivePermissions(admin).has('admin.settings')).toBe(true);
  });
});
