// The industry plugins a new installation comes with (plugins/*): built with the plugin SDK,
// packed, installed through the public API by the platform's admin (so every organisation can run
// them) and enabled for their domain. A version already installed is kept, and so is whatever an
// admin changed since: a plugin that has any enablement is left as it is.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PLUGIN_CLI = 'libs/plugin-sdk/bin/alloy-plugin.cjs';

/** Builds and packs one plugin project; returns its manifest and the tarball's path. */
function buildAndPack(root, project, outDir) {
  const cli = (...args) =>
    execFileSync(process.execPath, [PLUGIN_CLI, ...args], {
      cwd: root,
      stdio: 'pipe',
    });
  const built = path.join(outDir, path.basename(project));
  cli('build', project, '--out-dir', built);
  const manifest = JSON.parse(readFileSync(path.join(built, 'alloy-plugin.json'), 'utf8'));
  const tarball = path.join(outDir, `${manifest.id}-${manifest.version}.tgz`);
  cli('pack', built, '--out', tarball);
  return { manifest, tarball };
}

async function call(api, token, method, route, body, type = 'application/json') {
  const response = await fetch(`${api}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: body === undefined || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Installs and enables the bundled plugins; returns `[name, what happened]` pairs. */
export async function installBundledPlugins({ api, token, root, workDir }) {
  const dir = path.join(root, 'plugins');
  if (!existsSync(dir)) return [];
  mkdirSync(workDir, { recursive: true });
  const done = [];
  for (const name of readdirSync(dir).sort()) {
    const project = path.join(dir, name);
    if (!existsSync(path.join(project, 'src/index.ts'))) continue;
    const { manifest, tarball } = buildAndPack(root, project, workDir);
    const label = `${manifest.id}@${manifest.version}`;
    const existing = await call(api, token, 'GET', `/plugins/${manifest.id}`);
    const installed = existing.status === 200 ? existing.body : null;
    let what = 'kept';
    if (!installed?.versions.some((v) => v.version === manifest.version)) {
      const result = await call(
        api,
        token,
        'POST',
        '/plugins',
        readFileSync(tarball),
        'application/gzip',
      );
      if (result.status !== 201) {
        throw new Error(`installing ${label}: ${result.status} ${result.body?.error?.message}`);
      }
      what = 'installed';
    }
    if (!installed?.enablements.length) {
      for (const domain of manifest.domains) {
        const result = await call(api, token, 'PUT', `/plugins/${manifest.id}/enablements`, {
          scope: 'domain',
          domain,
          version: manifest.version,
        });
        if (result.status !== 200) {
          throw new Error(`enabling ${label}: ${result.status} ${result.body?.error?.message}`);
        }
      }
      what += `, enabled for ${manifest.domains.join(', ')}`;
    }
    done.push([label, what]);
  }
  return done;
}
