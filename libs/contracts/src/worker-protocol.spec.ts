import { describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_NAMESPACE, redisKeys } from './worker-protocol';

describe('redisKeys', () => {
  it('puts every key of an installation under its namespace', () => {
    expect(redisKeys('staging-2')).toEqual({
      eventsStream: 'staging-2:job-events',
      controlChannel: 'staging-2:job-control',
      queuePrefix: 'staging-2:bull',
    });
  });

  it('keeps the event stream and control channel names of the default installation', () => {
    expect(DEFAULT_REDIS_NAMESPACE).toBe('alloy');
    expect(redisKeys(DEFAULT_REDIS_NAMESPACE)).toMatchObject({
      eventsStream: 'alloy:job-events',
      controlChannel: 'alloy:job-control',
    });
  });

  it('gives two namespaces no key in common', () => {
    const a = Object.values(redisKeys('a'));
    const b = Object.values(redisKeys('b'));
    expect(a.filter((key) => b.includes(key))).toEqual([]);
  });

  it('refuses a namespace that would change the shape of the keys', () => {
    for (const bad of ['', 'a:b', 'a b', 'x'.repeat(65), 'ns*']) {
      expect(() => redisKeys(bad)).toThrow(/not a Redis namespace/);
    }
  });
});
