import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLogging } from './request-logging';

/** The URLs a real HTTP server logged at `level`, one request after another. */
async function logged(level: string, requests: [string, string, number][]): Promise<string[]> {
  const lines: { req: { url: string }; level: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const middleware = requestLogging(pino({ level }, sink));
  const server = createServer((req, res) => {
    middleware(req, res);
    res.statusCode = Number(req.headers['x-status']);
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (const [method, url, status] of requests)
      await (
        await fetch(`http://127.0.0.1:${port}${url}`, {
          method,
          headers: { 'x-status': String(status) },
        })
      ).text();
    await new Promise((resolve) => setImmediate(resolve));
    return lines.map((l) => `${l.level} ${l.req.url}`);
  } finally {
    server.close();
  }
}

const REQUESTS: [string, string, number][] = [
  ['GET', '/healthz', 200],
  ['GET', '/readyz', 200],
  ['POST', '/api/v1/workers/gpu-1/heartbeat', 200],
  ['GET', '/api/v1/domains', 200],
  ['POST', '/api/v1/workers/gpu-1/heartbeat', 401],
  ['GET', '/readyz', 503],
];

describe('request logging', () => {
  it('logs probes and worker heartbeats at debug, what people did at info, failures always', async () => {
    expect(await logged('info', REQUESTS)).toEqual([
      '30 /api/v1/domains',
      '40 /api/v1/workers/gpu-1/heartbeat',
      '50 /readyz',
    ]);
    expect(await logged('debug', REQUESTS)).toEqual([
      '20 /healthz',
      '20 /readyz',
      '20 /api/v1/workers/gpu-1/heartbeat',
      '30 /api/v1/domains',
      '40 /api/v1/workers/gpu-1/heartbeat',
      '50 /readyz',
    ]);
  });
});
