import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/**
 * Probes and worker heartbeats arrive every few seconds from machines, not people: logged at debug,
 * so the default level shows what users did (and a failing one still shows as warn or error).
 */
const ROUTINE = /^(\/healthz|\/readyz|\/api\/v1\/workers\/[^/?]+\/heartbeat)(\?|$)/;

/** Structured access log with a request id (taken from `x-request-id` when sane, else new). */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res) => {
      const incoming = req.headers['x-request-id'];
      const id =
        typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/metrics' },
    customLogLevel: (req, res, error) =>
      error || res.statusCode >= 500
        ? 'error'
        : res.statusCode >= 400
          ? 'warn'
          : ROUTINE.test(req.url ?? '')
            ? 'debug'
            : 'info',
  });
}
