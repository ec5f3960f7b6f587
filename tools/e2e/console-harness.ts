// What the console's end-to-end tests run against: the production build of the console, served by
// the real control plane, the real model server the playground calls from the browser, a real
// gpu-worker running the PyTorch trainer, a console user with a password, and headless Chromium.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import {
  api,
  freePort,
  type Harness,
  startControlPlane,
  uniqueName,
} from '../../apps/control-plane/test/control-plane-harness';
import {
  type ServerHarness,
  startModelServer,
} from '../../apps/model-server/test/model-server-harness';
import { REPO_ROOT, until, WorkerProcess } from './system-harness';

const run = promisify(execFile);

/** Where the tests leave their screenshots (gitignored). */
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output/console');

/** The Chromium this machine has (Debian's), with what a headless CI box needs. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** The console's production build (`vite build apps/console`) in a temp folder; returns it. */
export async function buildConsole(outDir?: string): Promise<string> {
  const out = outDir ?? mkdtempSync(path.join(tmpdir(), 'alloy-console-build-'));
  await run(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      'apps/console',
      '--outDir',
      out,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  return out;
}

export interface ConsoleUser {
  email: string;
  password: string;
}

/** A member of the suites' organisation with a password, made as an admin makes one. */
export async function createConsoleUser(h: Harness, role = 'admin'): Promise<ConsoleUser> {
  const user = {
    email: `${uniqueName('console').toLowerCase()}@alloy.test`,
    password: `console-password-${Math.random().toString(36).slice(2)}`,
  };
  const created = await api(h).post('/api/v1/users', {
    ...user,
    role,
    displayName: 'Console Tester',
  });
  if (created.status !== 201) throw new Error(`user not created: ${JSON.stringify(created.body)}`);
  return user;
}

export interface ConsoleSystem {
  cp: Harness;
  ms: ServerHarness;
  /** http://127.0.0.1:<port>/console */
  consoleUrl: string;
  user: ConsoleUser;
  workerId: string;
  worker: WorkerProcess;
  close(): Promise<void>;
}

/**
 * Builds the console and starts everything it talks to, on one artifact store (`artifactRoot`, or
 * a new one): the control plane serving the build, the model server allowing the control plane's
 * origin, and a worker joined with a join token, online before this returns.
 */
export async function startConsoleSystem(artifactRoot?: string): Promise<ConsoleSystem> {
  const consoleDir = await buildConsole();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  artifactRoot ??= await mkdtemp(path.join(tmpdir(), 'alloy-console-artifacts-'));
  const ms = await startModelServer(artifactRoot, {
    CORS_ORIGINS: origin,
    REDIS_URL: inject('redisUrl'),
    REDIS_NAMESPACE: inject('redisNamespace'),
  });
  let cp: Harness | undefined;
  let worker: WorkerProcess | undefined;
  try {
    // The model server must know this origin before it starts, so the port is chosen first.
    cp = await startControlPlane({
      PORT: String(port),
      // Its 4xx answers to the tests' polling are expected; only errors are worth a line.
      LOG_LEVEL: 'error',
      ARTIFACT_ROOT: artifactRoot,
      CONSOLE_DIR: consoleDir,
      CONSOLE_INFERENCE_URL: ms.baseUrl,
      SCHEDULER_INTERVAL_MS: '200',
    });
    const client = api(cp);
    const user = await createConsoleUser(cp);
    const workerId = uniqueName('console-worker');
    const join = await client.post('/api/v1/worker-tokens', { name: 'console e2e workers' });
    worker = new WorkerProcess({
      WORKER_TOKEN: join.body.token,
      WORKER_ID: workerId,
      CONTROL_PLANE_URL: cp.baseUrl,
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
      ARTIFACT_ROOT: artifactRoot,
      WORK_DIR: mkdtempSync(path.join(tmpdir(), 'alloy-console-work-')),
      LOG_LEVEL: 'info',
    });
    await until(
      () => client.get(`/api/v1/workers/${workerId}`),
      (r) => r.body?.state === 'online',
      60_000,
      'the worker to register',
    );
    const started = { cp, worker };
    return {
      cp,
      ms,
      consoleUrl: `${origin}/console`,
      user,
      workerId,
      worker,
      close: async () => {
        await started.worker.stop('SIGKILL');
        await started.cp.close();
        await ms.close();
        rmSync(consoleDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await worker?.stop('SIGKILL');
    await cp?.close();
    await ms.close();
    throw error;
  }
}

export interface ConsoleBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every console error and uncaught exception of the page, in order. */
  errors: string[];
  /** Saves a full-page screenshot as test-output/console/<name>.png; returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, watching the page for errors. */
export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  const browser = await chromium.launch(CHROMIUM);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    errors.push(`${page.url()}: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.stack ?? error.message}`));
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return {
    browser,
    context,
    page,
    errors,
    screenshot: async (name) => {
      const file = path.join(OUTPUT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => browser.close(),
  };
}

/** Signs in through the form, as a person does, and waits for the console's shell. */
export async function signIn(page: Page, consoleUrl: string, user: ConsoleUser): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel(labelled('Email')).fill(user.email);
  await page.getByLabel(labelled('Password')).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'detached' });
}

/**
 * Waits until the page has settled: no request of the page in flight and no loader shown for a
 * moment (react-query refetches and live streams aside, which never settle).
 */
export async function settle(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForLoadState('load');
  await page
    .locator('[role="status"][aria-label="loading"], .mantine-Loader-root')
    .first()
    .waitFor({ state: 'detached', timeout: timeoutMs })
    .catch(() => undefined);
  // Charts animate in; their shapes are drawn once the animation has run.
  await page.waitForTimeout(800);
}

export interface ChartCheck {
  testId: string | null;
  /** Data shapes drawn: curves, bars, sectors, dots. */
  shapes: number;
}

/** Every Recharts chart on the page and how many data shapes it draws. */
export async function charts(page: Page): Promise<ChartCheck[]> {
  return page.$$eval('.recharts-wrapper', (wrappers) =>
    wrappers.map((wrapper) => {
      const surface = wrapper.querySelector('svg.recharts-surface');
      const shapes = surface
        ? [...surface.querySelectorAll('path, rect, circle')].filter(
            (shape) =>
              !shape.closest('defs') &&
              !shape.closest('.recharts-cartesian-grid') &&
              !shape.closest('.recharts-cartesian-axis') &&
              // an empty Line still draws a path, with no points in it
              !(shape.tagName === 'path' && !(shape.getAttribute('d') ?? '').trim()),
          ).length
        : 0;
      const owner = wrapper.closest('[data-testid]');
      return { testId: owner?.getAttribute('data-testid') ?? null, shapes };
    }),
  );
}

/**
 * How many points the chart inside `[data-testid=<testId>]` draws: its dots, or else the points of
 * its longest line (one per M/L/C command of the path, whatever the curve type).
 */
export async function drawnPoints(page: Page, testId: string): Promise<number> {
  const chart = page.getByTestId(testId);
  if ((await chart.count()) === 0) return 0;
  return chart.first().evaluate((root) => {
    const dots = root.querySelectorAll('.recharts-line-dots circle, .recharts-dot').length;
    const lines = [...root.querySelectorAll('path.recharts-curve, path.recharts-line-curve')].map(
      (p) => (p.getAttribute('d') ?? '').match(/[MLC]/g)?.length ?? 0,
    );
    return Math.max(dots, ...lines, 0);
  });
}

/** A field's label as Mantine renders it: the text, and an asterisk when the field is required. */
export function labelled(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`);
}
