import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const GENERATED = 'libs/sdk/src/generated';

const files = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]),
  );

describe('generated SDK types', () => {
  it('match the OpenAPI documents of the control plane and the model server (run `npm run generate`)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'alloy-sdk-types-'));
    execFileSync(process.execPath, [path.join(root, 'tools/generate/sdk-types.mjs'), out], {
      stdio: 'pipe',
    });
    const fresh = files(path.join(out, GENERATED));
    expect(Object.keys(fresh).sort()).toEqual(['control-plane.ts', 'model-server.ts']);
    expect(fresh).toEqual(files(path.join(root, GENERATED)));
  });
});
