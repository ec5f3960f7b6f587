import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A publisher's ed25519 key pair, PEM-encoded (SPKI public key, PKCS#8 private key). */
export interface SigningKeys {
  publicKeyPem: string;
  privateKeyPem: string;
}

/** Creates a publisher's ed25519 key pair. */
export function generateSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** Signs a plugin tarball's bytes with an ed25519 private key; returns the base64 signature. */
export function signPlugin(tarball: Uint8Array, privateKeyPem: string): string {
  return sign(null, tarball, privateKeyPem).toString('base64');
}

/** `sha256:<hex>` of the key's DER (SPKI) encoding: how Alloy names a publisher key. */
export function keyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** The outcome of checking a plugin's signature. */
export type SignatureVerification =
  { ok: true; keyFingerprint: string } | { ok: false; reason: string };

/**
 * Checks a tarball's signature against trusted ed25519 public keys; on success names the key
 * that signed it by its fingerprint.
 */
export function verifyPluginSignature(
  tarball: Uint8Array,
  signatureBase64: string,
  trustedPublicKeyPems: readonly string[],
): SignatureVerification {
  const trimmed = signatureBase64.trim();
  const signature = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || signature.length !== 64) {
    return { ok: false, reason: 'the signature is not a base64 ed25519 signature (64 bytes)' };
  }
  if (trustedPublicKeyPems.length === 0)
    return { ok: false, reason: 'no trusted key is configured' };
  const keys: { key: KeyObject; pem: string }[] = [];
  for (const [i, pem] of trustedPublicKeyPems.entries()) {
    try {
      const key = createPublicKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') {
        return { ok: false, reason: `trusted key ${i + 1} is not an ed25519 public key` };
      }
      keys.push({ key, pem });
    } catch {
      return { ok: false, reason: `trusted key ${i + 1} is not a PEM public key` };
    }
  }
  for (const { key, pem } of keys) {
    if (verify(null, tarball, key, signature))
      return { ok: true, keyFingerprint: keyFingerprint(pem) };
  }
  return {
    ok: false,
    reason:
      'the signature does not match the package under any trusted key (altered package or unknown publisher)',
  };
}
