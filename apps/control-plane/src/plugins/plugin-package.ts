import { createHash } from 'node:crypto';
import { cp, lstat, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type PluginManifest, validateManifest, verifyPluginSignature } from '@alloy/plugin-sdk';
import { HttpStatus } from '@nestjs/common';
import * as tar from 'tar';
import { ApiError } from '../common/errors/api-error';
import { PluginErrorCode } from './plugins.errors';

/** The two files of a built plugin. */
export const MANIFEST_FILE = 'alloy-plugin.json';
export const BUNDLE_FILE = 'plugin.js';
/** Unpacked size and file count a package may not exceed (a small bundle and its manifest). */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 200;

/** A plugin package unpacked and checked in a temporary directory, ready to be stored. */
export interface StagedPlugin {
  dir: string;
  manifest: PluginManifest;
  sha256: string;
  /** Fingerprint of the trusted key that signed the package, or null. */
  signedBy: string | null;
  cleanup(): Promise<void>;
}

const invalidPackage = (message: string): ApiError =>
  ApiError.badRequest(PluginErrorCode.INVALID_PLUGIN_PACKAGE, message);

/**
 * Checks a signature against the trusted publisher keys. With keys configured an unsigned or
 * badly signed package is refused; without keys nothing is required (and nothing is claimed).
 */
function checkSignature(bytes: Buffer, signature: string | undefined, trustedKeys: string[]) {
  if (trustedKeys.length === 0) return null;
  if (!signature) {
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      PluginErrorCode.PLUGIN_SIGNATURE_REQUIRED,
      'X-Alloy-Signature: this installation accepts only plugins signed by a trusted publisher',
    );
  }
  const verdict = verifyPluginSignature(bytes, signature, trustedKeys);
  if (!verdict.ok) {
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      PluginErrorCode.PLUGIN_SIGNATURE_INVALID,
      `X-Alloy-Signature: ${verdict.reason}`,
    );
  }
  return verdict.keyFingerprint;
}

/** Unpacks a gzipped tarball, refusing links, device files, oversized or overlong content. */
async function unpack(bytes: Buffer, into: string): Promise<void> {
  let total = 0;
  let files = 0;
  let refused: string | null = null;
  const extract = tar.x({
    cwd: into,
    strict: true,
    preservePaths: false,
    filter: (entryPath, entry) => {
      const type = 'type' in entry ? entry.type : 'File';
      if (type !== 'File' && type !== 'Directory') {
        refused ??= `"${entryPath}" is a ${type}; a plugin package holds only files and folders`;
        return false;
      }
      total += entry.size ?? 0;
      files += 1;
      if (total > MAX_UNPACKED_BYTES || files > MAX_FILES) {
        refused ??= `the package unpacks to more than ${MAX_UNPACKED_BYTES} bytes or ${MAX_FILES} files`;
        return false;
      }
      return true;
    },
  });
  try {
    await pipeline(Readable.from([bytes]), extract);
  } catch (error) {
    throw invalidPackage(`not a gzipped tarball: ${(error as Error).message}`);
  }
  if (refused) throw invalidPackage(refused);
}

/** The folder holding the manifest: the root, or the single folder a packer wrapped it in. */
async function packageRoot(dir: string): Promise<string> {
  const entries = await readdir(dir);
  if (entries.includes(MANIFEST_FILE)) return dir;
  if (entries.length === 1 && (await lstat(path.join(dir, entries[0]))).isDirectory()) {
    const inner = path.join(dir, entries[0]);
    if ((await readdir(inner)).includes(MANIFEST_FILE)) return inner;
  }
  throw invalidPackage(`${MANIFEST_FILE} is missing (build the plugin with alloy-plugin build)`);
}

/** Reads and validates the manifest of a built plugin and the hash of its bundle. */
async function inspect(root: string): Promise<{ manifest: PluginManifest; sha256: string }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(root, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw invalidPackage(`${MANIFEST_FILE}: ${(error as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidPackage(`${MANIFEST_FILE}: must be a JSON object`);
  }
  const { main, sha256: declared, ...manifest } = raw as Record<string, unknown>;
  if (main !== BUNDLE_FILE) {
    throw invalidPackage(`${MANIFEST_FILE}: main must be "${BUNDLE_FILE}"`);
  }
  const checked = validateManifest(manifest);
  if (!checked.ok) {
    throw ApiError.badRequest(
      PluginErrorCode.INVALID_PLUGIN_MANIFEST,
      checked.errors.join('; '),
      checked.errors,
    );
  }
  let bundle: Buffer;
  try {
    bundle = await readFile(path.join(root, BUNDLE_FILE));
  } catch {
    throw invalidPackage(`${BUNDLE_FILE} is missing`);
  }
  const sha256 = createHash('sha256').update(bundle).digest('hex');
  if (declared !== sha256) {
    throw invalidPackage(`${BUNDLE_FILE} does not match the sha256 its manifest declares`);
  }
  return { manifest: checked.manifest, sha256 };
}

async function staged(
  fill: (dir: string) => Promise<string>,
  signedBy: string | null,
): Promise<StagedPlugin> {
  const dir = await mkdtemp(path.join(tmpdir(), 'alloy-plugin-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const root = await fill(dir);
    const { manifest, sha256 } = await inspect(root);
    return { dir: root, manifest, sha256, signedBy, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Unpacks and checks an uploaded package (signature first: nothing unsigned is even unpacked). */
export function stageTarball(
  bytes: Buffer,
  signature: string | undefined,
  trustedKeys: string[],
): Promise<StagedPlugin> {
  const signedBy = checkSignature(bytes, signature, trustedKeys);
  return staged(async (dir) => {
    await unpack(bytes, dir);
    return packageRoot(dir);
  }, signedBy);
}

/** Copies and checks a built plugin directory on the server (links are not followed). */
export function stageDirectory(source: string): Promise<StagedPlugin> {
  return staged(async (dir) => {
    const noLinks = async (file: string) => {
      if ((await lstat(file)).isSymbolicLink()) {
        throw invalidPackage(`directory: "${path.relative(source, file)}" is a symbolic link`);
      }
      return true;
    };
    try {
      await cp(source, dir, { recursive: true, filter: noLinks });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw invalidPackage(`directory: ${(error as Error).message}`);
    }
    return packageRoot(dir);
  }, null);
}
