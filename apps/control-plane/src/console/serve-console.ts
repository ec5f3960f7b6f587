import { existsSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppConfig } from '../config/app-config';

export const CONSOLE_PATH = '/console';

/** Where `npm run build:console` writes the console, from this file in the repository. */
const BUILT_CONSOLE = path.resolve(__dirname, '../../../console/dist');

/** The console's directory when it has been built, else null (the API runs without it). */
export function consoleDir(config: AppConfig): string | null {
  const dir = config.console.dir ?? BUILT_CONSOLE;
  return existsSync(path.join(dir, 'index.html')) ? dir : null;
}

/** The origin of a URL, for the content security policy of the console's pages. */
export function originOf(url: string | null): string[] {
  return url ? [new URL(url).origin] : [];
}

/**
 * Serves the console's static build at /console: hashed assets cached for good, index.html for
 * every other path of the single-page app (its router decides what to show), and
 * /console/config.json telling it where the model server is. None of it needs credentials: the
 * console signs in through the API.
 */
export function serveConsole(app: INestApplication, config: AppConfig, dir: string): void {
  const index = path.join(dir, 'index.html');
  app.use(`${CONSOLE_PATH}/config.json`, (_req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ inferenceUrl: config.console.inferenceUrl });
  });
  app.use(
    `${CONSOLE_PATH}/assets`,
    express.static(path.join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      fallthrough: false,
    }),
  );
  app.use(CONSOLE_PATH, express.static(dir, { index: false, fallthrough: true }));
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
}
