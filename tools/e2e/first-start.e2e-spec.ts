// The first start as a new user sees it: `npm run up` on an empty installation pretrains a base
// model, tunes one model per domain through a pipeline, evaluates, deploys, promotes and asks each
// one question; a second start trains nothing. At the `tiny` scale (every npm test) the loop is
// checked, not what the models learn; ALLOY_E2E_FIRST_START=full (the first-start stage of npm test)
// runs it at the size a new installation gets and checks that each domain model learned its domain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './system-harness';
import { READY_LINE, UpProcess } from './up-harness';
import { DOMAIN_PROMPTS, judgeAnswer } from './first-start.prompts';

const SCALE = process.env.ALLOY_E2E_FIRST_START === 'full' ? 'full' : 'tiny';
const DONE = /^First start(?: done\.|: the sample models exist, nothing trained\.)$/m;
const DOMAINS = ['finance', 'medical', 'education'] as const;
// The full loop is sized for 15 minutes; the time limits leave room for a slow, shared machine.
const LIMIT_MS = SCALE === 'full' ? 40 * 60_000 : 25 * 60_000;

interface Metrics {
  domainPerplexity?: number;
  generalPerplexity?: number;
  mcAccuracy?: number;
  safetyPassRate?: number;
}
interface Compared {
  evaluation: { metrics: Metrics } | null;
  deltas: { metric: string; verdict: string }[];
}
interface EvaluationView {
  evaluation: { metrics: Metrics } | null;
  parent: Compared;
  base: Compared;
  gate: { passed: boolean; checks: { field: string; status: string }[] };
}

describe(`the first start (${SCALE})`, () => {
  let h: UpProcess;
  let api: string;
  let inference: string;
  let apiKey = '';
  const get = async <T = any>(url: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    h = await UpProcess.onFreePorts({ ALLOY_FIRST_START_SCALE: SCALE });
    api = `http://127.0.0.1:${h.ports.api}/api/v1`;
    inference = `http://127.0.0.1:${h.ports.model}`;
    const output = await until(
      async () => h.output,
      (text) => DONE.test(text) || /first start stopped/.test(text) || h.child.exitCode !== null,
      LIMIT_MS,
      'the first start to finish',
    );
    apiKey = /^API key: (alloy_ak_\S+)$/m.exec(output)?.[1] ?? '';
    if (!DONE.test(output))
      throw new Error(`the first start did not finish:\n${output.slice(-4000)}`);
  }, LIMIT_MS + 60_000);

  afterAll(() => h?.stop(), 60_000);

  it('prints the URLs before it trains, a progress line per stage, and the loss as it falls', () => {
    const out = h.output;
    expect(out.indexOf(READY_LINE)).toBeLessThan(out.indexOf('▸ first start: pretraining'));
    for (const stage of [
      'waiting for the sample datasets',
      'pretraining the base model',
      'tuning finance (lora), medical (full), education (adapter)',
      'deploying and promoting',
      'asking each domain model',
    ]) {
      expect(out).toContain(`▸ first start: ${stage}`);
    }
    expect(out).toMatch(/base model · pretraining: step \d+\/\d+, loss \d+\.\d+/);
    expect(out).toMatch(/finance · instruction tuning \(lora\): step \d+/);
    expect(out).toMatch(/medical · instruction tuning \(full\): step \d+/);
    expect(out).toMatch(/education · instruction tuning \(adapter\): step \d+/);
  });

  it('ends with a request and its answer per domain, and the evaluation table', () => {
    // the figures of this run, for whoever reads the test log
    console.log(h.output.slice(h.output.indexOf('First start (the sample models')));
    for (const domain of DOMAINS) {
      const block = h.output.slice(h.output.indexOf(`\n${domain}-assistant v`));
      expect(block).toMatch(/curl -s http:\/\/localhost:\d+\/v1\/chat\/completions/);
      expect(block).toMatch(/answer: ".+"/);
      expect(block).toMatch(/base +\d/);
    }
  });

  it('evaluates every version against its parent and the base, and deploys the tuned one', async () => {
    for (const domain of DOMAINS) {
      const model = `${domain}-assistant`;
      const versions = (await get(`${api}/models/${model}/versions?sort=version&order=asc`)).body
        .items as { version: number; hyperparameters: { kind: string } }[];
      expect(versions.map((v) => v.hyperparameters.kind)).toEqual(['continued_pretraining', 'sft']);
      for (const v of versions) {
        const view = (
          await get<EvaluationView>(`${api}/models/${model}/versions/${v.version}/evaluation`)
        ).body;
        expect(view.evaluation?.metrics).toMatchObject({
          domainPerplexity: expect.any(Number),
          generalPerplexity: expect.any(Number),
          mcAccuracy: expect.any(Number),
          safetyPassRate: expect.any(Number),
        });
        expect(view.parent.evaluation?.metrics.domainPerplexity).toEqual(expect.any(Number));
        expect(view.base.evaluation?.metrics.domainPerplexity).toEqual(expect.any(Number));
        expect(view.parent.deltas.find((d) => d.metric === 'domainPerplexity')?.verdict).toMatch(
          /better|worse|same/,
        );
      }
      const deployment = (await get(`${api}/deployments/${model}`)).body;
      expect(deployment.traffic).toEqual([expect.objectContaining({ version: 2, weight: 100 })]);
    }
  });

  it.runIf(SCALE === 'full')(
    'teaches each domain its text, and promotes exactly the versions whose gate passes',
    async () => {
      for (const domain of DOMAINS) {
        const model = `${domain}-assistant`;
        const tuned = (await get<EvaluationView>(`${api}/models/${model}/versions/2/evaluation`))
          .body;
        const base = tuned.base.evaluation!.metrics;
        const cpt = (await get<EvaluationView>(`${api}/models/${model}/versions/1/evaluation`)).body
          .evaluation!.metrics;
        // held-out domain text: continued pretraining at least halves the base's perplexity
        expect(
          cpt.domainPerplexity!,
          `${domain}: continued pretraining vs base`,
        ).toBeLessThanOrEqual(base.domainPerplexity! / 2);
        // production follows the gate: promoted when it passes, held back (409, checks listed) when not
        const gate = tuned.gate;
        const aliases = (
          await get<{ items: { alias: string; version: number }[] }>(
            `${api}/models/${model}/aliases`,
          )
        ).body.items;
        const production = aliases.find((a) => a.alias === 'production');
        if (gate.passed) expect(production?.version, `${domain}: promoted`).toBe(2);
        else {
          expect(production, `${domain}: held back by its gate`).toBeUndefined();
          const failed = gate.checks.filter((c) => c.status === 'failed').map((c) => c.field);
          expect(h.output).toContain(`${model} v2: deployed, not promoted (${failed[0]}:`);
        }
        // what the README reports: accuracy against the base, and the rule-judged answers
        const judged: string[] = [];
        for (const prompt of DOMAIN_PROMPTS[domain]) {
          const response = await fetch(`${inference}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
            body: JSON.stringify({
              model,
              messages: [{ role: 'user', content: prompt.question }],
              max_tokens: 96,
              temperature: 0,
            }),
          });
          expect(response.status).toBe(200);
          const body = (await response.json()) as { choices: { message: { content: string } }[] };
          const problems = judgeAnswer(domain, prompt, body.choices[0].message.content);
          judged.push(
            `${prompt.question} → ${problems.length ? problems.join(', ') : 'well-formed'}`,
          );
        }
        console.log(
          `${domain}: mc accuracy ${base.mcAccuracy} (base) → ${tuned.evaluation!.metrics.mcAccuracy}; gate ${gate.passed ? 'passed' : 'failed'}\n  ${judged.join('\n  ')}`,
        );
      }
    },
  );

  it('a second start trains nothing and serves what the first made', async () => {
    await h.interrupt();
    const again = await UpProcess.onFreePorts({ ALLOY_FIRST_START_SCALE: SCALE }, h.home);
    h = again;
    api = `http://127.0.0.1:${h.ports.api}/api/v1`;
    const started = Date.now();
    const output = await until(
      async () => h.output,
      (text) => DONE.test(text) || h.child.exitCode !== null,
      180_000,
      'the second start',
    );
    console.log(`second start: serving after ${Date.now() - started} ms`);
    expect(output).toMatch(/First start: the sample models exist, nothing trained\./);
    expect(output).not.toContain('▸ first start: pretraining');
    const jobs = (await get(`${api}/jobs?limit=100`)).body.items as unknown[];
    // the base pretraining, and per domain evaluations around continued pretraining and tuning
    expect(jobs.length).toBe(1 + 3 * 5);
  }, 240_000);
});
