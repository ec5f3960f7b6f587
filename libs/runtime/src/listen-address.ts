import { isIP } from 'node:net';
import type { Logger } from 'pino';

/** Whether a listen host is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** `host:port` as gRPC and URLs write it (an IPv6 address in brackets). */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The default is loopback; anything else opens the app to the network, which a container or a
 * host behind a firewall does on purpose. Said once at start, at warn level, so it is never a
 * surprise.
 */
export function warnIfNotLoopback(logger: Logger, host: string): void {
  if (isLoopbackHost(host)) return;
  const everywhere = host === '0.0.0.0' || host === '::' || host === '[::]';
  logger.warn(
    { host },
    everywhere
      ? `listening on all interfaces (HOST=${host}): reachable from the network`
      : `listening on a non-loopback address (HOST=${host}): reachable from the network`,
  );
}
