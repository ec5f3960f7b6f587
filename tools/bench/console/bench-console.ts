// The console's first load: bytes of JavaScript and CSS of its production build (raw and gzip),
// and time to interactive in headless Chromium, against the Swagger UI page the same control plane
// serves at /docs (a single-page app of the same kind, loaded the same way in the same run).
// Usage: npm run bench:console [-- --runs 5]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { newToken } from '@alloy/identity';
import { type Browser, chromium, type Page } from 'playwright-core';
import { benchDatabase, REDIS_URL, REPO_ROOT, spawnTs, waitForUrl } from '../shared/bench-database';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' } },
});
const RUNS = Number(values.runs);

const CHROMIUM = {
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

interface Bytes {
  raw: number;
  gzip: number;
}
const add = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });
const ZERO: Bytes = { raw: 0, gzip: 0 };
const sizeOf = (body: Buffer): Bytes => ({ raw: body.length, gzip: gzipSync(body).length });
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The build's files by type; `initial`: those index.html loads before the app can run. */
function buildSizes(dir: string): Record<'js' | 'css', { all: Bytes; initial: Bytes }> {
  const index = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const sizes = { js: { all: ZERO, initial: ZERO }, css: { all: ZERO, initial: ZERO } };
  for (const file of readdirSync(path.join(dir, 'assets'))) {
    const type = file.endsWith('.js') ? 'js' : file.endsWith('.css') ? 'css' : null;
    if (!type) continue;
    const size = sizeOf(readFileSync(path.join(dir, 'assets', file)));
    sizes[type].all = add(sizes[type].all, size);
    if (index.includes(`assets/${file}`)) sizes[type].initial = add(sizes[type].initial, size);
  }
  return sizes;
}

interface Load {
  /** Navigation start to the page usable, ms. */
  interactive: number;
  /** The console only: the sign-in click to the overview's first data, ms. */
  afterSignIn?: number;
  js: Bytes;
  css: Bytes;
}

/** Opens a page in a fresh context (empty cache), counting the scripts and styles it loads. */
async function load(
  browser: Browser,
  url: string,
  usable: (page: Page) => Promise<void>,
  then?: (page: Page) => Promise<number>,
): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const bodies: Promise<{ type: string; size: Bytes }>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    bodies.push(
      response.body().then(
        (body) => ({ type, size: sizeOf(body) }),
        () => ({ type, size: ZERO }),
      ),
    );
  });
  await page.goto(url);
  await usable(page);
  const interactive = await page.evaluate(() => performance.now());
  const afterSignIn = then ? await then(page) : undefined;
  let js = ZERO;
  let css = ZERO;
  for (const { type, size } of await Promise.all(bodies)) {
    if (type === 'script') js = add(js, size);
    else css = add(css, size);
  }
  await context.close();
  return { interactive, afterSignIn, js, css };
}

/** The form's fields and button are on screen and enabled. */
async function signInUsable(page: Page): Promise<void> {
  for (const target of [
    page.getByLabel(/^Email/),
    page.getByLabel(/^Password/),
    page.getByRole('button', { name: 'Sign in' }),
  ]) {
    await target.waitFor({ state: 'visible', timeout: 60_000 });
    if (!(await target.isEnabled())) throw new Error('the sign-in form is not enabled');
  }
}

/** Signs in; the time from the click to the overview drawn with its data (no loader left), ms. */
function overviewAfterSignIn(email: string, password: string) {
  return async (page: Page): Promise<number> => {
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Password/).fill(password);
    const clicked = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').first().waitFor({ timeout: 60_000 });
    // Polled on every frame in the page. A function, not a string: the console's content security
    // policy refuses eval. (This file is compiled without the DOM types, hence the loose typing.)
    await page.waitForFunction(
      () => {
        const doc = (globalThis as any).document;
        return (
          doc.querySelector('main') !== null &&
          doc.querySelector('[aria-label="loading"], .mantine-Loader-root') === null
        );
      },
      undefined,
      { timeout: 60_000, polling: 'raf' },
    );
    return (await page.evaluate(() => performance.now())) - clicked;
  };
}

/** Swagger UI is usable once its operations are listed. */
async function swaggerUsable(page: Page): Promise<void> {
  await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 60_000 });
}

async function main(): Promise<void> {
  console.log('building the console (vite build apps/console)');
  const dist = mkdtempSync(path.join(tmpdir(), 'alloy-bench-console-'));
  execFileSync(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      'apps/console',
      '--outDir',
      dist,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  const build = buildSizes(dist);

  const db = await benchDatabase();
  const port = 20000 + Math.floor(Math.random() * 20000);
  const email = 'bench@alloy.local';
  const password = `bench-password-${Math.random().toString(36).slice(2)}`;
  const controlPlane = spawnTs('apps/control-plane/src/main.ts', {
    HOST: '127.0.0.1',
    PORT: String(port),
    GRPC_PORT: String(port + 1),
    DATABASE_URL: db.url,
    REDIS_URL,
    REDIS_NAMESPACE: `alloy-bench-${port}`,
    ARTIFACT_ROOT: mkdtempSync(path.join(tmpdir(), 'alloy-bench-')),
    LOG_LEVEL: 'warn',
    SIGNING_SECRET: 'bench-signing-secret-of-enough-length',
    BOOTSTRAP_ADMIN_EMAIL: email,
    BOOTSTRAP_ADMIN_PASSWORD: password,
    BOOTSTRAP_ADMIN_API_KEY: newToken('ak').token,
    CONSOLE_DIR: dist,
    PUBLIC_ENDPOINTS: 'probes,docs',
  });
  let browser: Browser | undefined;
  try {
    const origin = `http://127.0.0.1:${port}`;
    await waitForUrl(`${origin}/console/`, 60_000);
    browser = await chromium.launch(CHROMIUM);
    const consoleUrl = `${origin}/console/`;
    const docsUrl = `${origin}/docs`;

    // One discarded load of each: the server's first answers compile its code paths.
    await load(browser, consoleUrl, signInUsable);
    await load(browser, docsUrl, swaggerUsable);
    const ours: Load[] = [];
    const theirs: Load[] = [];
    // Interleaved, so that a change in the machine's load falls on both alike.
    for (let run = 1; run <= RUNS; run += 1) {
      process.stdout.write(`run ${run} of ${RUNS}\r`);
      ours.push(
        await load(browser, consoleUrl, signInUsable, overviewAfterSignIn(email, password)),
      );
      theirs.push(await load(browser, docsUrl, swaggerUsable));
    }

    const row = (name: string, b: Bytes) =>
      `  ${name.padEnd(34)} ${kb(b.raw).padStart(11)} raw ${kb(b.gzip).padStart(11)} gzip`;
    console.log(`\nconsole production build (${path.relative(REPO_ROOT, dist) || dist})`);
    console.log(row('JavaScript, loaded by index.html', build.js.initial));
    console.log(row('JavaScript, all chunks', build.js.all));
    console.log(row('CSS, loaded by index.html', build.css.initial));
    console.log(row('CSS, all', build.css.all));

    const loadedJs = ours[0].js;
    const loadedCss = ours[0].css;
    console.log(
      `\nfirst load in headless Chromium, fresh cache, median of ${RUNS} interleaved runs`,
    );
    console.log(row('console /console/: JavaScript', loadedJs));
    console.log(row('console /console/: CSS', loadedCss));
    console.log(row('Swagger UI /docs: JavaScript', theirs[0].js));
    console.log(row('Swagger UI /docs: CSS', theirs[0].css));
    const oursInteractive = median(ours.map((l) => l.interactive));
    const theirsInteractive = median(theirs.map((l) => l.interactive));
    const afterSignIn = median(ours.map((l) => l.afterSignIn ?? NaN));
    console.log(
      `  console: navigation start to the sign-in form usable   ${oursInteractive.toFixed(0).padStart(6)} ms`,
    );
    console.log(
      `  console: sign-in click to the overview with its data   ${afterSignIn.toFixed(0).padStart(6)} ms`,
    );
    console.log(
      `  Swagger UI: navigation start to operations listed      ${theirsInteractive.toFixed(0).padStart(6)} ms`,
    );

    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    console.log('\nratio (console / Swagger UI at /docs, same server, same run):');
    console.log(`  JavaScript gzip bytes loaded   ${ratio(loadedJs.gzip, theirs[0].js.gzip)}`);
    console.log(`  CSS gzip bytes loaded          ${ratio(loadedCss.gzip, theirs[0].css.gzip)}`);
    console.log(
      `  time to interactive            ${ratio(oursInteractive, theirsInteractive)} (sign-in form usable / operations listed)`,
    );
  } finally {
    await browser?.close();
    controlPlane.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await db.drop();
    rmSync(dist, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
