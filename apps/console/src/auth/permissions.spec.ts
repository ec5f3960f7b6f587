import { describe, expect, it } from 'vitest';
import { can, type Me } from './permissions';

const me = (role: Me['role'], platform = false): Me => ({
  kind: 'user',
  id: 'u',
  name: 'user:a@b.c',
  organizationId: 'o',
  actingOrganizationId: 'o',
  platform,
  role,
});

describe('what the console offers', () => {
  it('follows the policy table the server enforces', () => {
    expect(can(me('viewer'), 'models', 'read')).toBe(true);
    expect(can(me('viewer'), 'models', 'write')).toBe(false);
    expect(can(me('ml-engineer'), 'jobs', 'write')).toBe(true);
    expect(can(me('partner-developer'), 'datasets', 'read')).toBe(false);
    expect(can(me('admin'), 'plugins', 'write')).toBe(true);
  });

  it('keeps platform-only pages to the platform organisation', () => {
    expect(can(me('admin'), 'workers', 'read')).toBe(false);
    expect(can(me('admin', true), 'workers', 'read')).toBe(true);
    expect(can(null, 'models', 'read')).toBe(false);
  });
});
