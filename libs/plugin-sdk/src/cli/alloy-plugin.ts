import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { PLUGIN_ID_PATTERN } from '../manifest';
import { buildPlugin } from '../packaging/build-plugin';
import { packPlugin } from '../packaging/pack-plugin';
import { PLUGIN_MANIFEST_FILE, validateBuiltManifest } from '../packaging/plugin-package';
import {
  generateSigningKeys,
  keyFingerprint,
  signPlugin,
  verifyPluginSignature,
} from '../packaging/signing';

/** Where the CLI writes; tests pass their own to read what a user would see. */
export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const TEMPLATE_DIR = path.resolve(__dirname, '..', '..', 'template');
/** The id the template is written with; `init` replaces it. */
const TEMPLATE_ID = 'example-plugin';
/** Lines the template needs only while it is part of this repository's lint. */
const IN_REPO_ONLY = /^\/\/ eslint-disable-next-line @nx\/enforce-module-boundaries.*\n/gm;

async function copyTemplate(target: string, id: string): Promise<string[]> {
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw new Error(`${target} exists and is not empty`);
  }
  await mkdir(target, { recursive: true });
  await cp(TEMPLATE_DIR, target, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|dist)([\\/]|$)/.test(src),
  });
  const written: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else {
        const text = await readFile(file, 'utf8');
        const own = text.split(TEMPLATE_ID).join(id).replace(IN_REPO_ONLY, '');
        await writeFile(file, own);
        written.push(path.relative(target, file));
      }
    }
  };
  await walk(target);
  return written.sort();
}

/** A project directory, or a built directory that already holds alloy-plugin.json. */
function builtDirOf(dir: string): string {
  return existsSync(path.join(dir, PLUGIN_MANIFEST_FILE)) ? dir : path.join(dir, 'dist');
}

/** The `alloy-plugin` command line: init, build, pack, keygen, sign, verify. */
export function createCli(io: CliOutput): Command {
  const program = new Command('alloy-plugin')
    .description('Create, build, pack and sign Alloy plugins')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });

  program
    .command('init')
    .description('create a plugin project from the template')
    .argument('<dir>', 'directory to create')
    .requiredOption('--id <id>', 'plugin id, e.g. acme.kyc')
    .action(async (dir: string, opts: { id: string }) => {
      if (
        !new RegExp(PLUGIN_ID_PATTERN).test(opts.id) ||
        opts.id.length < 3 ||
        opts.id.length > 64
      ) {
        throw new Error(
          `--id: "${opts.id}" must be lower-case words joined by '-' or '.', 3 to 64 characters`,
        );
      }
      const target = path.resolve(dir);
      const files = await copyTemplate(target, opts.id);
      io.out(`created ${opts.id} in ${target}: ${files.join(', ')}`);
    });

  program
    .command('build')
    .description('bundle the plugin into dist/ (plugin.js and alloy-plugin.json)')
    .argument('[dir]', 'plugin project directory', '.')
    .option('--entry <file>', 'entry module', 'src/index.ts')
    .option('--out-dir <dir>', 'output directory', 'dist')
    .action(async (dir: string, opts: { entry: string; outDir: string }) => {
      const built = await buildPlugin(dir, { entry: opts.entry, outDir: opts.outDir });
      io.out(
        `built ${built.manifest.id}@${built.manifest.version} in ${built.dir} (sha256 ${built.sha256})`,
      );
    });

  program
    .command('pack')
    .description('pack a built plugin into a gzipped tarball')
    .argument('[dir]', 'plugin project (or built) directory', '.')
    .option('--out <file>', 'tarball to write (default <id>-<version>.tgz in the project)')
    .action(async (dir: string, opts: { out?: string }) => {
      const builtDir = builtDirOf(path.resolve(dir));
      let out = opts.out;
      if (out === undefined) {
        const json: unknown = JSON.parse(
          await readFile(path.join(builtDir, PLUGIN_MANIFEST_FILE), 'utf8').catch(() => {
            throw new Error(
              `${builtDir} holds no ${PLUGIN_MANIFEST_FILE}: run alloy-plugin build first`,
            );
          }),
        );
        const checked = validateBuiltManifest(json);
        if (!checked.ok) throw new Error(checked.errors.join('\n'));
        out = path.join(
          path.resolve(dir),
          `${checked.manifest.id}-${checked.manifest.version}.tgz`,
        );
      }
      const packed = await packPlugin(builtDir, out);
      io.out(`packed ${packed.file} (${packed.bytes} bytes, sha256 ${packed.sha256})`);
    });

  program
    .command('keygen')
    .description('create an ed25519 publisher key pair')
    .requiredOption('--out <prefix>', 'writes <prefix>.pub.pem and <prefix>.key.pem')
    .action(async (opts: { out: string }) => {
      const pub = `${opts.out}.pub.pem`;
      const key = `${opts.out}.key.pem`;
      for (const file of [pub, key])
        if (existsSync(file)) throw new Error(`${file} exists; not overwriting a key`);
      const keys = generateSigningKeys();
      await mkdir(path.dirname(path.resolve(key)), { recursive: true });
      await writeFile(key, keys.privateKeyPem, { mode: 0o600 });
      await chmod(key, 0o600); // the umask may have widened it
      await writeFile(pub, keys.publicKeyPem);
      io.out(`wrote ${pub} and ${key} (fingerprint ${keyFingerprint(keys.publicKeyPem)})`);
    });

  program
    .command('sign')
    .description('sign a plugin tarball; writes <tarball>.sig')
    .argument('<tarball>')
    .requiredOption('--key <file>', 'private key (PEM)')
    .action(async (tarball: string, opts: { key: string }) => {
      const signature = signPlugin(await readFile(tarball), await readFile(opts.key, 'utf8'));
      await writeFile(`${tarball}.sig`, `${signature}\n`);
      io.out(`wrote ${tarball}.sig`);
    });

  program
    .command('verify')
    .description('check a tarball against its .sig and a trusted public key')
    .argument('<tarball>')
    .requiredOption('--key <file...>', 'trusted public key(s) (PEM)')
    .option('--sig <file>', 'signature file (default <tarball>.sig)')
    .action(async (tarball: string, opts: { key: string[]; sig?: string }) => {
      const signature = await readFile(opts.sig ?? `${tarball}.sig`, 'utf8');
      const keys = await Promise.all(opts.key.map((k) => readFile(k, 'utf8')));
      const verdict = verifyPluginSignature(await readFile(tarball), signature, keys);
      if (!verdict.ok) throw new Error(`verification failed: ${verdict.reason}`);
      io.out(`ok: signed by ${verdict.keyFingerprint}`);
    });

  return program;
}

/** Runs the CLI on `argv` (as process.argv); resolves to the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliOutput = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
): Promise<number> {
  try {
    await createCli(io).parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`alloy-plugin: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
