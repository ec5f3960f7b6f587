import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../config/server-config';
import { StreamDrain } from './stream-drain';

const drainWith = (shutdownGraceMs: number) =>
  new StreamDrain({ shutdownGraceMs } as ServerConfig, pino({ level: 'silent' }));

describe('StreamDrain', () => {
  it('waits for open streams to end within half the grace, without cutting them', async () => {
    const drain = drainWith(2000);
    const release = drain.track();
    setTimeout(release, 200);
    const started = Date.now();
    await drain.beforeApplicationShutdown();
    expect(drain.draining).toBe(true);
    expect(drain.signal.aborted).toBe(false);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('cuts the streams still open when the window ends, and waits for them to end', async () => {
    const drain = drainWith(400);
    const release = drain.track();
    drain.signal.addEventListener('abort', () => setTimeout(release, 50));
    const started = Date.now();
    await drain.beforeApplicationShutdown();
    expect(drain.signal.aborted).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops at once with no stream open; a release counts once', async () => {
    const drain = drainWith(10_000);
    const release = drain.track();
    release();
    release();
    const started = Date.now();
    await drain.beforeApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(50);
    expect(drain.signal.aborted).toBe(false);
  });
});
