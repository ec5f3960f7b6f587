import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { denial } from './access';
import { canGrant, POLICY, policyMarkdown, ROLES, scopeCovers } from './policy';
import type { Principal } from './principal';

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  kind: 'api-key',
  id: 'k',
  name: 'key:k',
  organizationId: 'org',
  platform: false,
  role: 'viewer',
  scopes: null,
  deployments: null,
  workerId: null,
  credentialId: 'k',
  ...overrides,
});

describe('the policy table', () => {
  it('is the table the README shows', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const block = /<!-- policy:start -->\n([\s\S]*?)\n<!-- policy:end -->/.exec(readme)?.[1];
    expect(block).toBe(policyMarkdown());
  });

  it('names only known roles', () => {
    for (const actions of Object.values(POLICY))
      for (const rule of Object.values(actions))
        for (const role of rule.roles) expect(ROLES).toContain(role);
  });

  it('allows by role, platform membership and scope, saying why it refuses', () => {
    expect(denial(principal(), 'models', 'read')).toBeNull();
    expect(denial(principal(), 'models', 'write')).toMatch(/role viewer may not write models/);
    expect(denial(principal({ role: 'admin' }), 'workers', 'write')).toMatch(/platform/);
    expect(denial(principal({ role: 'admin', platform: true }), 'workers', 'write')).toBeNull();
    expect(denial(principal({ role: 'admin', scopes: ['read'] }), 'models', 'write')).toMatch(
      /scopes/,
    );
    expect(denial(principal({ role: 'partner-developer' }), 'inference', 'invoke')).toBeNull();
    expect(
      denial(principal({ role: 'partner-developer', scopes: ['read'] }), 'inference', 'invoke'),
    ).toMatch(/scopes/);
    expect(denial(principal({ kind: 'worker', role: null }), 'models', 'read')).toMatch(
      /worker protocol/,
    );
    expect(denial(principal({ role: 'admin' }), 'inference', 'read')).toMatch(/no one/);
  });

  it('lets write cover reads, and nothing else cover inference', () => {
    expect(scopeCovers(['write'], 'read')).toBe(true);
    expect(scopeCovers(['read'], 'write')).toBe(false);
    expect(scopeCovers(['write'], 'invoke')).toBe(false);
    expect(scopeCovers(null, 'invoke')).toBe(true);
  });

  it('lets an admin grant any role and others only their own', () => {
    expect(canGrant('admin', 'ml-engineer')).toBe(true);
    expect(canGrant('ml-engineer', 'ml-engineer')).toBe(true);
    expect(canGrant('ml-engineer', 'admin')).toBe(false);
    expect(canGrant('viewer', 'partner-developer')).toBe(false);
  });
});
