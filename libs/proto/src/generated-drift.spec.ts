import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

function tree(dir: string): Record<string, string> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  return Object.fromEntries(
    entries.map((e) => {
      const file = path.join(e.parentPath, e.name);
      return [path.relative(dir, file), readFileSync(file, 'utf8')];
    }),
  );
}

describe('generated proto types', () => {
  it('match the committed libs/proto/src/generated (run `npm run generate` after .proto changes)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'alloy-proto-'));
    execFileSync(process.execPath, [path.join(root, 'tools/generate/proto-types.mjs'), out], {
      stdio: 'pipe',
    });
    expect(tree(out)).toEqual(tree(path.join(root, 'libs/proto/src/generated')));
  });
});
