import { createHash } from 'node:crypto';
import { readdir, readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { create } from 'tar';
import { PLUGIN_MANIFEST_FILE } from './plugin-package';
import { validateBuiltManifest } from './plugin-package';

/** A packed plugin: the tarball's path, size and SHA-256 (hex). */
export interface PackedPlugin {
  file: string;
  bytes: number;
  sha256: string;
}

/**
 * Packs a built plugin directory into a gzipped tarball with its files at the archive root.
 * The manifest and the bundle's SHA-256 are checked first. Timestamps and owners are fixed, so
 * packing the same build twice gives the same bytes (and the same signature).
 */
export async function packPlugin(builtDir: string, outFile: string): Promise<PackedPlugin> {
  const dir = path.resolve(builtDir);
  let raw: string;
  try {
    raw = await readFile(path.join(dir, PLUGIN_MANIFEST_FILE), 'utf8');
  } catch {
    throw new Error(`${dir} holds no ${PLUGIN_MANIFEST_FILE}: build the plugin first`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${PLUGIN_MANIFEST_FILE} is not valid JSON`);
  }
  const checked = validateBuiltManifest(json);
  if (!checked.ok)
    throw new Error(`invalid ${PLUGIN_MANIFEST_FILE}:\n  ${checked.errors.join('\n  ')}`);
  const bundle = await readFile(path.join(dir, checked.main)).catch(() => {
    throw new Error(`${PLUGIN_MANIFEST_FILE} names ${checked.main}, which is not in ${dir}`);
  });
  if (createHash('sha256').update(bundle).digest('hex') !== checked.sha256) {
    throw new Error(
      `${checked.main} does not match the sha256 in ${PLUGIN_MANIFEST_FILE}: build again`,
    );
  }

  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  const out = path.resolve(outFile);
  await mkdir(path.dirname(out), { recursive: true });
  await create({ gzip: true, file: out, cwd: dir, portable: true, mtime: new Date(0) }, files);
  const bytes = await readFile(out);
  return {
    file: out,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
