import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('fills defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.grpc.port).toBe(50051);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
  });

  it('names every bad key at once and hides secret values', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://user:hunter2@x/db', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect((error as ConfigError).problems).toHaveLength(3);
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('LOG_LEVEL');
    expect(message).not.toContain('hunter2');
  });
});
