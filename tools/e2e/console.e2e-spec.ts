import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, uniqueName } from '../../apps/control-plane/test/control-plane-harness';
import { insertDatasetVersion } from '../../apps/control-plane/test/registry-fixtures';
import {
  charts,
  type ConsoleBrowser,
  type ConsoleSystem,
  drawnPoints,
  labelled,
  launchConsoleBrowser,
  settle,
  signIn,
  startConsoleSystem,
} from './console-harness';
import { initTinyModel, until } from './system-harness';

const SENTENCES = [
  'The central bank raised the policy rate by a quarter point to cool inflation.',
  'Bond prices fall when interest rates rise, and yields move the other way.',
  'A diversified portfolio spreads risk across equities, bonds and cash.',
  'Credit risk is the chance that a borrower fails to repay a loan on time.',
];
const CORPUS = Array.from({ length: 40 }, (_, i) => ({
  text: `${SENTENCES[i % SENTENCES.length]} (${i})`,
}));

/** How long a page may take to show what a check looks for. */
const WAIT = { timeout: 20_000 };

/**
 * Optimizer steps of the job the wizard creates. The wizard leaves the trainer's logging interval
 * at its default (a metrics point every 10 steps, and the last): 400 steps draw 40 points over
 * several seconds, long enough for the page to be seen drawing them while the job runs (30 steps
 * of this tiny model end in well under a second).
 */
const STEPS = 400;

/** Every page of the side navigation, by the path a person would bookmark. */
const PAGES = [
  ['overview', '/'],
  ['models', '/models'],
  ['datasets', '/datasets'],
  ['jobs', '/jobs'],
  ['workers', '/workers'],
  ['deployments', '/deployments'],
  ['playground', '/playground'],
  ['evaluation', '/evaluation'],
  ['settings', '/settings'],
] as const;

describe('the console in a browser, against the real control plane, model server and worker', () => {
  let system: ConsoleSystem;
  let browser: ConsoleBrowser;
  let model: string;
  let corpus: string;
  /** The corpus dataset's name, as the wizard lists it. */
  let corpusName: string;

  beforeAll(async () => {
    // A tiny base model the trainer makes, made before the servers start: making it blocks this
    // process, which also runs the control plane and the model server.
    const artifactRoot = mkdtempSync(path.join(tmpdir(), 'alloy-console-artifacts-'));
    const base = uniqueName('console-tiny');
    initTinyModel(
      path.join(artifactRoot, 'base-models', base),
      CORPUS.map((r) => r.text),
    );
    system = await startConsoleSystem(artifactRoot);
    const client = api(system.cp);
    // A model on that base model, and a ready corpus in its domain.
    const registered = await client.post('/api/v1/base-models', {
      name: base,
      path: `base-models/${base}`,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    model = uniqueName('console-fin');
    const created = await client.post('/api/v1/models', {
      name: model,
      domain: 'finance',
      baseModel: base,
    });
    expect(created.status).toBe(201);
    corpus = await insertDatasetVersion(system.cp, 'corpus', CORPUS);
    corpusName = (await client.get(`/api/v1/dataset-versions/${corpus}`)).body?.dataset ?? '';
    browser = await launchConsoleBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('signs in through the form and shows the console', async () => {
    const { page } = browser;
    await signIn(page, system.consoleUrl, system.user);
    await expect.poll(() => page.getByRole('navigation').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Overview').count(), WAIT).toBeGreaterThan(0);
    expect(browser.errors).toEqual([]);
  });

  it('opens every page with no error shown, no empty chart and no console error', async () => {
    const { page } = browser;
    await page.goto(`${system.consoleUrl}/`);
    if (await page.getByRole('button', { name: 'Sign in' }).count())
      await signIn(page, system.consoleUrl, system.user);
    const problems: string[] = [];
    for (const [name, route] of PAGES) {
      const before = browser.errors.length;
      await page.goto(`${system.consoleUrl}${route}`);
      await settle(page);
      await browser.screenshot(`page-${name}`);
      if (await page.getByRole('button', { name: 'Sign in' }).count())
        problems.push(`${route}: the session was lost (sign-in form shown)`);
      const errorStates = await page.getByTestId('error-state').allInnerTexts();
      for (const text of errorStates) problems.push(`${route}: error shown: ${text}`);
      for (const chart of await charts(page))
        if (chart.shapes === 0)
          problems.push(`${route}: chart ${chart.testId ?? '(no test id)'} draws nothing`);
      for (const error of browser.errors.slice(before))
        problems.push(`${route}: console error: ${error}`);
    }
    expect(problems).toEqual([]);
  });

  it('trains, watches, deploys and chats: wizard, live loss curve, lineage, deployment, playground', async () => {
    const { page } = browser;
    const client = api(system.cp);
    const next = () => page.getByRole('button', { name: 'Next', exact: true }).click();
    const errorsBefore = browser.errors.length;

    // Signed in already unless this test runs alone.
    await page.goto(`${system.consoleUrl}/jobs/new`);
    await settle(page);
    if (await page.getByRole('button', { name: 'Sign in' }).count())
      await signIn(page, system.consoleUrl, system.user);

    // The wizard, step by step: a few steps of continued pretraining on the corpus.
    await page.goto(`${system.consoleUrl}/jobs/new`);
    await settle(page);
    await pick(page, 'Domain', /finance/i);
    await next();
    await pick(page, 'Model', new RegExp(`^${model} `));
    await next();
    await pick(page, 'Datasets', new RegExp(`^${corpusName} v1`));
    await next();
    await pick(page, 'Kind', /^Continued pretraining/);
    await pick(page, 'Method', /^Full fine-tuning/);
    await next();
    // Tiny, so that the job runs in seconds on a CPU worker and still logs a point per step.
    for (const [label, value] of [
      ['Learning rate', '0.003'],
      ['Steps', String(STEPS)],
      ['Batch size', '2'],
      ['Sequence length', '32'],
      ['Warmup steps', '0'],
    ])
      await page.getByLabel(labelled(label)).fill(value);
    await next();
    await expect
      .poll(() => page.getByRole('table', { name: 'Review' }).innerText(), WAIT)
      .toContain(model);
    await browser.screenshot('flow-1-wizard-review');
    await page.getByRole('button', { name: 'Create job' }).click();

    // The job page: the loss curve grows while the job runs.
    await page.waitForURL(/\/console\/jobs\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const jobId = page.url().split('/').at(-1)!;
    const job = await client.get(`/api/v1/jobs/${jobId}`);
    expect(job.body).toMatchObject({ model, kind: 'continued_pretraining', method: 'full' });
    expect(job.body.datasets).toEqual([{ versionId: corpus, role: 'train' }]);
    expect(job.body.hyperparameters).toMatchObject({ maxSteps: STEPS, batchSize: 2, seqLen: 32 });
    const first = await until(
      () => drawnPoints(page, 'loss-chart'),
      (n) => n >= 1,
      180_000,
      'the loss chart to draw its first points',
    );
    const later = await until(
      () => drawnPoints(page, 'loss-chart'),
      (n) => n > first,
      180_000,
      'the loss chart to grow',
    );
    expect(later).toBeGreaterThan(first);
    await browser.screenshot('flow-2-job-running');
    const done = await until(
      () => client.get(`/api/v1/jobs/${jobId}`),
      (r) => ['succeeded', 'failed', 'cancelled'].includes(r.body.status),
      240_000,
      'the job to finish',
    );
    expect(done.body.status).toBe('succeeded');
    await expect
      .poll(() => page.getByText(/succeeded/i).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Once it has ended, the curve has every logged point, the early ones included.
    const logged = (await client.get(`/api/v1/jobs/${jobId}/metrics`)).body.items.length;
    expect(logged).toBeGreaterThanOrEqual(3);
    await expect.poll(() => drawnPoints(page, 'loss-chart'), WAIT).toBe(logged);
    await browser.screenshot('flow-3-job-done');

    // The lineage graph on the model's page shows the new version.
    const versionId: string = done.body.resultVersionId;
    await page.goto(`${system.consoleUrl}/models/${model}`);
    await settle(page);
    const node = page.getByTestId('lineage-graph').getByTestId(`lineage-version-${versionId}`);
    await expect.poll(() => node.count(), { timeout: 20_000 }).toBe(1);
    expect(await node.innerText()).toMatch(/\bv1\b/);
    await browser.screenshot('flow-4-lineage');

    // A deployment of the new version, from the deployments page.
    const deployment = `${model}-live`;
    await page.goto(`${system.consoleUrl}/deployments`);
    await settle(page);
    await page.getByRole('button', { name: 'New deployment' }).click();
    const dialog = page.getByRole('dialog', { name: 'New deployment' });
    await pick(page, 'Model', new RegExp(`^${model} `), dialog);
    await dialog.getByLabel(labelled('Name')).fill(deployment);
    await pick(page, 'Version', /^v1\b/, dialog);
    await browser.screenshot('flow-5-new-deployment');
    await dialog.getByRole('button', { name: 'Deploy', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    const deployed = await client.get(`/api/v1/deployments/${deployment}`);
    expect(deployed.body.traffic).toEqual([expect.objectContaining({ version: 1, weight: 100 })]);
    await system.ms.refresh();
    await page.goto(`${system.consoleUrl}/deployments`);
    await settle(page);
    await expect.poll(() => page.getByText(deployment).count(), WAIT).toBeGreaterThan(0);
    await browser.screenshot('flow-6-deployed');

    // The playground streams an answer from the model server, called from the browser.
    await page.goto(`${system.consoleUrl}/playground`);
    await settle(page);
    await pick(page, 'Target', new RegExp(`^${model}$`));
    await page.getByLabel(labelled('max_tokens')).fill('24');
    await page.getByLabel(labelled('Message')).fill('What is credit risk?');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.getByTestId('turn-assistant').last();
    await answer.waitFor({ timeout: 30_000 });
    await page
      .getByLabel('generating')
      .waitFor({ state: 'detached', timeout: 60_000 })
      .catch(() => undefined);
    await expect.poll(() => answer.innerText(), { timeout: 60_000 }).not.toBe('');
    // The browser read the answer as a stream of several deltas (counted as it read them; how
    // many renders they took depends on how the network grouped them, so that is not checked).
    const timing = page.getByText(/\d+ chunks/).last();
    await timing.waitFor({ timeout: 10_000 });
    const chunks = Number(/(\d+) chunks/.exec(await timing.innerText())?.[1]);
    expect(chunks).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => page.getByText(`${model}@1`).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await browser.screenshot('flow-7-playground');
    expect(await page.getByTestId('error-state').count()).toBe(0);
    expect(browser.errors.slice(errorsBefore)).toEqual([]);
  }, 600_000);
});

/**
 * Chooses an option of a labelled input as a person does: types into a select or a multi-select
 * and clicks the matching option, or selects it in a native select.
 */
async function pick(
  page: ConsoleBrowser['page'],
  label: string,
  option: string | RegExp,
  within: ReturnType<ConsoleBrowser['page']['locator']> | ConsoleBrowser['page'] = page,
): Promise<void> {
  const input = within.getByLabel(labelled(label)).first();
  const tag = await input.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    const options = await input.locator('option').allInnerTexts();
    const chosen = options.find((o) =>
      typeof option === 'string' ? o.includes(option) : option.test(o),
    );
    if (!chosen) throw new Error(`${label}: no option ${String(option)} in ${options.join(', ')}`);
    await input.selectOption({ label: chosen });
    return;
  }
  await input.click();
  const choice = page.getByRole('option', { name: option }).first();
  await choice.waitFor({ timeout: 15_000 });
  await choice.click();
}
