import { describe, expect, it } from 'vitest';
import { hashSecret, verifySecret } from './hashing';
import { bearerToken, newToken, parseToken, tokenFingerprint } from './tokens';

describe('tokens', () => {
  it('round-trip through their text form, with a prefix secret scanners recognise', () => {
    const made = newToken('ak');
    expect(made.token).toMatch(/^alloy_ak_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseToken(made.token)).toEqual({ kind: 'ak', id: made.id, secret: made.secret });
    expect(newToken('ak').id).not.toBe(made.id);
  });

  it('refuse anything of another shape', () => {
    for (const bad of [
      '',
      'alloy_xx_aaaaaaaaaaaaaaaa_x',
      `alloy_ak_${'a'.repeat(16)}_short`,
      'Bearer x',
    ])
      expect(parseToken(bad)).toBeNull();
  });

  it('come out of an Authorization header only as a bearer token', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken(['Bearer first', 'Bearer second'])).toBe('first');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('are fingerprinted without keeping the token', () => {
    const { token, secret } = newToken('se');
    expect(tokenFingerprint(token)).not.toContain(secret);
    expect(tokenFingerprint(token)).toBe(tokenFingerprint(token));
  });
});

describe('secret hashes', () => {
  it('verify the secret they were made from and nothing else', async () => {
    const stored = await hashSecret('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('correct');
    expect(await verifySecret('correct horse battery staple', stored)).toBe(true);
    expect(await verifySecret('correct horse battery stapler', stored)).toBe(false);
    expect(await verifySecret('x', 'not a hash')).toBe(false);
    // salted: the same secret hashes differently each time
    expect(await hashSecret('correct horse battery staple')).not.toBe(stored);
  });
});
