import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { hostPort, isLoopbackHost, warnIfNotLoopback } from './listen-address';

function capture(): { logger: pino.Logger; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('listen address', () => {
  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'api.example.com']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('warns when the app listens on all interfaces or another address, and not on loopback', () => {
    const { logger, lines } = capture();
    warnIfNotLoopback(logger, '127.0.0.1');
    expect(lines).toEqual([]);
    warnIfNotLoopback(logger, '0.0.0.0');
    warnIfNotLoopback(logger, '10.0.0.5');
    expect(lines.map((l) => l.level)).toEqual([40, 40]);
    expect(lines[0].msg).toMatch(/all interfaces/);
    expect(lines[1].msg).toMatch(/non-loopback address \(HOST=10.0.0.5\)/);
  });

  it('writes IPv6 hosts in brackets', () => {
    expect(hostPort('::1', 50051)).toBe('[::1]:50051');
    expect(hostPort('127.0.0.1', 50051)).toBe('127.0.0.1:50051');
  });
});
