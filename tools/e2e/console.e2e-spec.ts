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
    system = await startConsoleSystem();
    const client = api(system.cp);
    // A model on a tiny base model the trainer made, and a ready corpus in its domain.
    const base = uniqueName('console-tiny');
    initTinyModel(
      path.join(system.cp.artifactRoot, 'base-models', base),
      CORPUS.map((r) => r.text),
    );
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
    await expect.poll(() => page.getByRole('navigation').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Overview').count()).toBeGreaterThan(0);
    expect(browser.errors).toEqual([]);
  });

  it('opens every page with no error shown, no empty chart and no console error', async () => {
    const { page } = browser;
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

    // The wizard: a few steps of continued pretraining on the corpus.
    await page.goto(`${system.consoleUrl}/jobs/new`);
    await settle(page);
    await pick(page, 'Domain', 'finance');
    await pick(page, 'Model', model);
    await pick(page, 'Kind', /continued pretraining/i);
    await pick(page, 'Method', /full/i);
    await pick(page, 'Datasets', corpusName);
    await page.getByLabel(labelled('Learning rate')).fill('0.003');
    await page.getByLabel(/^(Max steps|Steps)\s*\*?$/).fill('24');
    await browser.screenshot('flow-1-wizard');
    await page.getByRole('button', { name: 'Create job' }).click();

    // The job page: the loss curve grows while the job runs.
    await page.waitForURL(/\/console\/jobs\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const jobId = page.url().split('/').at(-1)!;
    const job = await client.get(`/api/v1/jobs/${jobId}`);
    expect(job.body).toMatchObject({ model, kind: 'continued_pretraining' });
    const first = await until(
      () => drawnPoints(page, 'loss-chart'),
      (n) => n >= 2,
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
    await expect.poll(() => drawnPoints(page, 'loss-chart')).toBeGreaterThanOrEqual(24);
    await browser.screenshot('flow-3-job-done');

    // The lineage graph on the model's page shows the new version.
    await page.goto(`${system.consoleUrl}/models/${model}`);
    await settle(page);
    const lineage = page.locator('.react-flow');
    await expect.poll(() => lineage.count()).toBeGreaterThan(0);
    await expect
      .poll(() => lineage.locator('.react-flow__node').filter({ hasText: /v1\b/ }).count())
      .toBeGreaterThan(0);
    await browser.screenshot('flow-4-lineage');

    // A deployment of the new version, from the deployments page.
    const deployment = `${model}-live`;
    await page.goto(`${system.consoleUrl}/deployments`);
    await settle(page);
    await page.getByRole('button', { name: 'New deployment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(labelled('Name')).fill(deployment);
    await pick(page, 'Model', model, dialog);
    await pick(page, 'Version', /^v?1\b/, dialog);
    await browser.screenshot('flow-5-new-deployment');
    await dialog.getByRole('button', { name: /^(Deploy|Create)/ }).click();
    await expect
      .poll(async () => (await client.get(`/api/v1/deployments/${deployment}`)).status, {
        timeout: 30_000,
      })
      .toBe(200);
    await system.ms.refresh();
    await settle(page);
    await expect.poll(() => page.getByText(deployment).count()).toBeGreaterThan(0);
    await browser.screenshot('flow-6-deployed');

    // The playground streams an answer from the model server, called from the browser.
    await page.goto(`${system.consoleUrl}/playground`);
    await settle(page);
    await pick(page, 'Deployment', deployment);
    await page.getByLabel(labelled('Message')).fill('What is credit risk?');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.getByTestId('chat-answer').last();
    const seen = new Set<number>();
    await until(
      async () => {
        const text = (await answer.count()) ? await answer.innerText() : '';
        seen.add(text.length);
        return text;
      },
      (text) => text.trim().length > 0 && seen.size >= 2,
      60_000,
      'an answer to stream in',
    );
    await browser.screenshot('flow-7-playground');
    expect(browser.errors).toEqual([]);
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
