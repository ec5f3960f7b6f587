import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { list } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/alloy-plugin';
import { buildPlugin, loadPluginBundle } from './build-plugin';
import { packPlugin } from './pack-plugin';
import { validateBuiltManifest } from './plugin-package';
import { generateSigningKeys, keyFingerprint, signPlugin, verifyPluginSignature } from './signing';

const PLUGIN_SOURCE = `
import { definePlugin } from '@alloy/plugin-sdk';
import { shout } from './shout';

export default definePlugin({
  manifest: { id: 'tiny.plugin', version: '0.2.0', sdk: '^1.0.0', domains: ['finance'] },
  hooks: { 'inference.response': (r) => ({ text: shout(r.text) }) },
  tools: [{
    name: 'echo',
    description: 'Echoes',
    parameters: { type: 'object', properties: { x: { type: 'string' } } },
    handler: (args) => args,
  }],
});
`;

let work: string;

async function writeProject(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'alloy-plugin-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('build, pack, sign and verify', () => {
  it('round-trips a plugin and refuses a tampered package or an unknown key', async () => {
    const project = path.join(work, 'tiny');
    await writeProject(project, {
      'src/index.ts': PLUGIN_SOURCE,
      'src/shout.ts': 'export const shout = (s: string): string => s.toUpperCase();\n',
    });

    const built = await buildPlugin(project);
    expect(built.manifest.id).toBe('tiny.plugin');
    const json: unknown = JSON.parse(
      await readFile(path.join(built.dir, 'alloy-plugin.json'), 'utf8'),
    );
    const checked = validateBuiltManifest(json);
    expect(checked).toMatchObject({ ok: true, main: 'plugin.js', sha256: built.sha256 });

    // The bundle is what the sandbox runs: no require, and the hooks work.
    const code = await readFile(path.join(built.dir, 'plugin.js'), 'utf8');
    expect(code).not.toMatch(/\brequire\(/);
    const definition = loadPluginBundle(code) as {
      hooks: { 'inference.response': (r: { text: string }) => { text: string } };
    };
    expect(definition.hooks['inference.response']({ text: 'hi' })).toEqual({ text: 'HI' });

    const tarball = path.join(work, 'tiny.tgz');
    const packed = await packPlugin(built.dir, tarball);
    const names: string[] = [];
    await list({ file: tarball, onReadEntry: (e) => names.push(e.path) });
    expect(names.sort()).toEqual(['alloy-plugin.json', 'plugin.js']);
    // Packing again gives the same bytes, so a signature stays valid for a rebuilt package.
    expect((await packPlugin(built.dir, path.join(work, 'again.tgz'))).sha256).toBe(packed.sha256);

    const publisher = generateSigningKeys();
    const stranger = generateSigningKeys();
    const bytes = await readFile(tarball);
    const signature = signPlugin(bytes, publisher.privateKeyPem);

    expect(
      verifyPluginSignature(bytes, signature, [stranger.publicKeyPem, publisher.publicKeyPem]),
    ).toEqual({ ok: true, keyFingerprint: keyFingerprint(publisher.publicKeyPem) });

    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 10] ^= 0xff;
    const altered = verifyPluginSignature(tampered, signature, [publisher.publicKeyPem]);
    expect(altered.ok).toBe(false);
    const unknown = verifyPluginSignature(bytes, signature, [stranger.publicKeyPem]);
    expect(unknown).toMatchObject({ ok: false, reason: expect.stringMatching(/trusted key/) });
    expect(verifyPluginSignature(bytes, 'not-a-signature', [publisher.publicKeyPem])).toMatchObject(
      {
        ok: false,
      },
    );
  });

  it('refuses to build a plugin that needs a Node built-in, naming it', async () => {
    const project = path.join(work, 'uses-fs');
    await writeProject(project, {
      'src/index.ts': `import { readFileSync } from 'node:fs';
import { definePlugin } from '@alloy/plugin-sdk';
export default definePlugin({
  manifest: { id: 'uses.fs', version: '1.0.0', sdk: '^1.0.0', domains: [] },
  hooks: { 'dataset.record': () => { readFileSync('/etc/passwd'); } },
});
`,
    });
    await expect(buildPlugin(project)).rejects.toThrow(
      /Node built-in "node:fs" \(imported by src\/index\.ts\)/,
    );
  });

  it('refuses to build a plugin whose manifest is invalid', async () => {
    const project = path.join(work, 'bad-manifest');
    await writeProject(project, {
      'src/index.ts': `export default { manifest: { id: 'Bad', version: '1', sdk: '^1.0.0', domains: [] } };\n`,
    });
    await expect(buildPlugin(project)).rejects.toThrow(/manifest\.id[\s\S]*manifest\.version/);
  });

  it('refuses to pack a build whose bundle no longer matches its manifest', async () => {
    const project = path.join(work, 'tiny');
    await writeFile(path.join(project, 'dist', 'plugin.js'), 'module.exports = {};\n');
    await expect(packPlugin(path.join(project, 'dist'), path.join(work, 'x.tgz'))).rejects.toThrow(
      /does not match the sha256/,
    );
  });
});

describe('alloy-plugin CLI', () => {
  it('creates a project from the template, builds, packs, signs and verifies it', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
    const cli = (...args: string[]) => runCli(['node', 'alloy-plugin', ...args], io);
    const dir = path.join(work, 'cli-plugin');
    const tarball = path.join(work, 'cli.tgz');
    const keys = path.join(work, 'keys', 'publisher');

    expect(await cli('init', dir, '--id', 'acme.kyc'), lines.join('\n')).toBe(0);
    expect(await readFile(path.join(dir, 'src', 'index.ts'), 'utf8')).toContain("id: 'acme.kyc'");
    expect(await cli('build', dir), lines.join('\n')).toBe(0);
    expect(await cli('pack', dir, '--out', tarball), lines.join('\n')).toBe(0);
    expect(await cli('keygen', '--out', keys), lines.join('\n')).toBe(0);
    expect((await stat(`${keys}.key.pem`)).mode & 0o777).toBe(0o600);
    expect(await cli('sign', tarball, '--key', `${keys}.key.pem`), lines.join('\n')).toBe(0);
    expect(await cli('verify', tarball, '--key', `${keys}.pub.pem`), lines.join('\n')).toBe(0);
    expect(lines.at(-1)).toMatch(/^ok: signed by sha256:[0-9a-f]{64}$/);

    const other = path.join(work, 'keys', 'other');
    expect(await cli('keygen', '--out', other), lines.join('\n')).toBe(0);
    expect(await cli('verify', tarball, '--key', `${other}.pub.pem`), lines.join('\n')).toBe(1);
    expect(lines.at(-1)).toMatch(/^ERR alloy-plugin: verification failed/);
    expect(await cli('init', path.join(work, 'x'), '--id', 'Not_Valid'), lines.join('\n')).toBe(1);
  });
});
