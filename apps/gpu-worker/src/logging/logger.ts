import pino, { type Logger } from 'pino';

export function createRootLogger(level: string, workerId: string): Logger {
  return pino({ level, base: { service: 'gpu-worker', workerId } });
}
