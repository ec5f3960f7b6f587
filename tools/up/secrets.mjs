// The local installation's secrets, made once by `npm run up` and kept in a file only its owner
// can read: the signing secret, and the first admin's password and API key (the control plane
// stores only their hashes).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A token in the control plane's format: alloy_ak_<id>_<secret>. */
function apiKeyToken() {
  const id = [...randomBytes(16)].map((b) => BASE32[b & 31]).join('');
  return `alloy_ak_${id}_${randomBytes(32).toString('base64url')}`;
}

/** Reads the secrets file, or writes a new one; `created` says which. */
export function loadOrCreateSecrets(file) {
  if (existsSync(file)) return { secrets: JSON.parse(readFileSync(file, 'utf8')), created: false };
  const secrets = {
    signingSecret: randomBytes(48).toString('base64url'),
    adminEmail: 'admin@alloy.local',
    adminPassword: randomBytes(18).toString('base64url'),
    adminApiKey: apiKeyToken(),
  };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secrets, created: true };
}
