import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');

describe('public API report', () => {
  it('matches the committed api/plugin-sdk.api.md (run node tools/generate/api-reports.mjs after an API change)', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      ['tools/generate/api-reports.mjs', '--check'],
      { cwd: root },
    ).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? 1,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(result.output).toContain('checked libs/plugin-sdk/api/plugin-sdk.api.md');
    expect(result.code, result.output).toBe(0);
  }, 120_000);
});
