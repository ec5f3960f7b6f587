import { describe, expect, it } from 'vitest';
import { ConfigError } from '@alloy/runtime';
import { loadConfig } from './server-config';

describe('loadConfig', () => {
  it('fills the defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(8080);
    expect(config.grpc.port).toBe(50061);
    expect(config.engine.variant).toBe('fp32');
    expect(config.limits.maxPromptChars).toBe(200_000);
    expect(config.http.bodyLimitBytes).toBe(8 * 1024 * 1024);
    expect(config.engine.tokenizerThreads).toBe(2);
  });

  it('reads the body limit in binary units and names a bad one', () => {
    expect(loadConfig({ BODY_LIMIT: '512kb' }).http.bodyLimitBytes).toBe(512 * 1024);
    expect(() => loadConfig({ BODY_LIMIT: '8 megs', MAX_PROMPT_CHARS: '0' })).toThrow(
      /BODY_LIMIT[\s\S]*MAX_PROMPT_CHARS|MAX_PROMPT_CHARS[\s\S]*BODY_LIMIT/,
    );
  });

  it('listens on loopback with no CORS origins unless told otherwise', () => {
    expect(loadConfig({}).http).toMatchObject({ host: '127.0.0.1', corsOrigins: [] });
    const open = loadConfig({ HOST: '0.0.0.0', CORS_ORIGINS: 'https://partner.example' });
    expect(open.http).toMatchObject({ host: '0.0.0.0', corsOrigins: ['https://partner.example'] });
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS: /);
  });

  it('names every bad key and hides secrets', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'x', MODEL_VARIANT: 'int3', DATABASE_URL: 'mysql://u:secret@h/db' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('MODEL_VARIANT');
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('secret');
  });
});
