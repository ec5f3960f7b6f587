import { mkdtempSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, loadConfig, readSavedConfig, resolveConfig, saveConfig } from './cli-config';
import { UsageError } from './cli-errors';

const saved = {
  url: 'http://saved:3000',
  apiKey: 'alloy_ak_saved',
  inferenceUrl: 'http://saved:8080',
};

describe('CLI configuration', () => {
  it('lives under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/alloy/config.json');
    expect(configPath({ HOME: '/home/ann' })).toBe('/home/ann/.config/alloy/config.json');
  });

  it('lets each environment variable override the saved value on its own', () => {
    expect(resolveConfig(saved, {})).toEqual(saved);
    expect(resolveConfig(saved, { ALLOY_API_KEY: 'alloy_ak_env' })).toEqual({
      ...saved,
      apiKey: 'alloy_ak_env',
    });
    expect(
      resolveConfig(
        {},
        {
          ALLOY_URL: 'http://env:3000',
          ALLOY_API_KEY: 'k',
          ALLOY_INFERENCE_URL: 'http://env:8080',
        },
      ),
    ).toEqual({ url: 'http://env:3000', apiKey: 'k', inferenceUrl: 'http://env:8080' });
  });

  it('is a usage error naming what is missing when there is no login', () => {
    expect(() => resolveConfig({}, { ALLOY_URL: 'http://x' })).toThrow(UsageError);
    expect(() => resolveConfig({}, { ALLOY_URL: 'http://x' })).toThrow(/ALLOY_API_KEY/);
    expect(() => resolveConfig({ apiKey: 'k' }, {})).toThrow(/ALLOY_URL/);
  });

  it('saves the key readable by its owner only, and reads it back', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'alloy-cli-'));
    const env = { XDG_CONFIG_HOME: home };
    const file = configPath(env);
    await writeFile(path.join(home, 'placeholder'), '');
    await saveConfig(file, saved);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await loadConfig(env)).toEqual(saved);
    expect(await readSavedConfig(path.join(home, 'missing.json'))).toEqual({});
    await writeFile(file, '{not json');
    await expect(readSavedConfig(file)).rejects.toThrow(UsageError);
  });
});
