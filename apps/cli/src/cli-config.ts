import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { UsageError } from './cli-errors';

/** What the CLI needs to reach Alloy. */
export interface CliConfig {
  url: string;
  apiKey: string;
  inferenceUrl?: string;
}

/** The saved file: `alloy login` writes it, mode 0600. */
export type SavedConfig = Partial<CliConfig>;

type Env = Record<string, string | undefined>;

/** `$XDG_CONFIG_HOME/alloy/config.json`, or `~/.config/alloy/config.json`. */
export function configPath(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), '.config');
  return path.join(base, 'alloy', 'config.json');
}

/** The saved configuration; empty when there is none yet. */
export async function readSavedConfig(file: string): Promise<SavedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
    const { url, apiKey, inferenceUrl } = parsed as Record<string, unknown>;
    return {
      ...(typeof url === 'string' ? { url } : {}),
      ...(typeof apiKey === 'string' ? { apiKey } : {}),
      ...(typeof inferenceUrl === 'string' ? { inferenceUrl } : {}),
    };
  } catch (error) {
    throw new UsageError(
      `${file} is not valid JSON (${(error as Error).message}); run alloy login again`,
    );
  }
}

/** Writes the configuration readable by its owner only (it holds an API key). */
export async function saveConfig(file: string, config: CliConfig): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file.
  await chmod(file, 0o600);
}

/**
 * The configuration a command runs with: `ALLOY_URL`, `ALLOY_API_KEY` and `ALLOY_INFERENCE_URL`
 * override, one by one, what `alloy login` saved.
 */
export function resolveConfig(saved: SavedConfig, env: Env = process.env): CliConfig {
  const url = env.ALLOY_URL || saved.url;
  const apiKey = env.ALLOY_API_KEY || saved.apiKey;
  const inferenceUrl = env.ALLOY_INFERENCE_URL || saved.inferenceUrl;
  const missing = [!url && 'ALLOY_URL', !apiKey && 'ALLOY_API_KEY'].filter(Boolean);
  if (!url || !apiKey)
    throw new UsageError(
      `not logged in: run \`alloy login --url <url> --api-key <key>\` or set ${missing.join(' and ')}`,
    );
  return { url, apiKey, ...(inferenceUrl ? { inferenceUrl } : {}) };
}

/** Loads the saved file and applies the environment. */
export async function loadConfig(env: Env = process.env): Promise<CliConfig> {
  return resolveConfig(await readSavedConfig(configPath(env)), env);
}
