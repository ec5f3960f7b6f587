// The first start of a new installation: the whole loop the platform is for, run on the CPU
// through the public API while the apps already serve. It pretrains a small base model on the
// general sample text (with a little of each domain's), then per domain runs one pipeline
// (continued pretraining, instruction tuning, an evaluation after each), deploys the result,
// promotes it through its gate and asks it one question. What already exists is kept, so a second
// `npm run up` trains nothing.
import { apiClient } from './api-client.mjs';
import { FIRST_START_SCALES } from './first-start.scales.mjs';
import { SAMPLE_BASE_MODEL } from './samples.mjs';

/** The pretrained base model every domain model starts from. */
export const PRETRAINED_BASE_MODEL = 'alloy-small';
/** The model whose first version is that base, before it is registered as one. */
const BASE_TRAINING_MODEL = 'alloy-small-pretraining';

/** One model per domain, each tuned by another method, and the question its answer shows. */
export const FIRST_START_DOMAINS = [
  { domain: 'finance', method: 'lora', question: 'What is credit risk?' },
  { domain: 'medical', method: 'full', question: 'What is hypertension?' },
  { domain: 'education', method: 'adapter', question: 'What is formative assessment?' },
];

export const domainModel = (domain) => `${domain}-assistant`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;

/** The latest version of a dataset once its ingestion finished; throws naming a failed one. */
async function readyVersion(call, name, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const page = await call('GET', `/datasets/${name}/versions?limit=1`);
    const latest = page.status === 200 ? page.body.items[0] : undefined;
    if (latest?.status === 'ready') return latest;
    if (latest?.status === 'failed')
      throw new Error(`dataset ${name}: ingestion failed (${latest.failureReason ?? 'no reason'})`);
    if (Date.now() > until)
      throw new Error(`dataset ${name} is not ready after ${seconds(timeoutMs)}`);
    await sleep(1000);
  }
}

const STEP_NAMES = {
  pretrain: 'pretraining',
  continued_pretraining: 'continued pretraining',
  sft: 'instruction tuning',
  evaluate: 'evaluation',
};

const jobName = (label, job) =>
  `${label} · ${STEP_NAMES[job.kind] ?? job.kind}${job.kind === 'sft' ? ` (${job.method})` : ''}`;

/**
 * Waits for jobs (`[{id, label}]`), printing a line each time one starts, logs a loss or ends, in
 * whatever order the worker runs them; throws with the reason when one fails. Returns how long
 * each ran on the worker.
 */
async function follow(call, jobs, log) {
  const state = new Map(jobs.map((j) => [j.id, { ...j, printed: 0, status: '' }]));
  const ran = [];
  while ([...state.values()].some((j) => j.status !== 'succeeded')) {
    for (const entry of state.values()) {
      if (entry.status === 'succeeded') continue;
      const job = (await call('GET', `/jobs/${entry.id}`)).body;
      const name = jobName(entry.label, job);
      if (job.status === 'queued' || job.status === 'waiting') continue;
      if (job.status !== entry.status && job.status === 'running') log(`  ${name}: running`);
      const points = (await call('GET', `/jobs/${entry.id}/metrics`)).body.items;
      const total = job.hyperparameters?.maxSteps;
      for (const point of points.slice(entry.printed)) {
        const rate = point.tokensPerSecond ? `, ${Math.round(point.tokensPerSecond)} tokens/s` : '';
        log(
          `  ${name}: step ${point.step}${total ? `/${total}` : ''}, loss ${point.loss.toFixed(3)}${rate}`,
        );
      }
      entry.printed = points.length;
      entry.status = job.status;
      if (job.status === 'succeeded') {
        const ms = Date.parse(job.finishedAt) - Date.parse(job.startedAt);
        log(`  ${name}: done in ${seconds(ms)}`);
        ran.push({ job: name, kind: job.kind, ms });
      }
      if (job.status === 'failed' || job.status === 'cancelled')
        throw new Error(`${name} ${job.status}: ${job.failureReason ?? 'no reason given'}`);
    }
    await sleep(2000);
  }
  return ran;
}

/** Pretrains the base model as a job of its own model, then registers its version as a base model. */
async function pretrainBase(call, versions, scale, log, ranJobs) {
  if ((await call('GET', `/base-models/${PRETRAINED_BASE_MODEL}`)).status === 200) return 'kept';
  if ((await call('GET', `/models/${BASE_TRAINING_MODEL}`)).status === 404) {
    await call('POST', '/models', {
      name: BASE_TRAINING_MODEL,
      domain: 'general',
      baseModel: SAMPLE_BASE_MODEL,
      description: `Pretraining of ${PRETRAINED_BASE_MODEL} from random weights`,
    });
  }
  let version = (await call('GET', `/models/${BASE_TRAINING_MODEL}/versions?limit=1`)).body
    .items[0];
  if (!version) {
    const job = await call('POST', '/jobs', {
      model: BASE_TRAINING_MODEL,
      kind: 'pretrain',
      method: 'full',
      // general text, with some of every domain's mixed in (replay) so the base knows their words
      datasetVersionIds: [versions['general-corpus'].id],
      replayDatasetVersionIds: FIRST_START_DOMAINS.map((d) => versions[`${d.domain}-corpus`].id),
      hyperparameters: scale.base,
    });
    ranJobs.push(...(await follow(call, [{ id: job.body.id, label: 'base model' }], log)));
    version = (await call('GET', `/models/${BASE_TRAINING_MODEL}/versions?limit=1`)).body.items[0];
  }
  await call('POST', '/base-models', {
    name: PRETRAINED_BASE_MODEL,
    path: version.artifactUri,
    description: `${SAMPLE_BASE_MODEL} pretrained on the general sample text and some of each domain's (${BASE_TRAINING_MODEL} v${version.version})`,
  });
  return 'pretrained';
}

/** Queues a domain's pipeline (or finds the one already queued); returns its job ids in order. */
async function domainPipeline(call, entry, versions, scale) {
  const model = domainModel(entry.domain);
  if ((await call('GET', `/models/${model}`)).status === 404) {
    await call('POST', '/models', {
      name: model,
      domain: entry.domain,
      baseModel: PRETRAINED_BASE_MODEL,
      description: `Sample ${entry.domain} assistant: continued pretraining, then ${entry.method} instruction tuning`,
    });
  }
  const existing = (await call('GET', `/jobs?model=${model}&limit=100&sort=createdAt&order=asc`))
    .body.items;
  const pipelineId = existing.find((j) => j.pipelineId && j.status !== 'failed')?.pipelineId;
  if (pipelineId)
    return (await call('GET', `/pipelines/${pipelineId}`)).body.jobs.map((j) => ({
      id: j.id,
      label: entry.domain,
    }));
  const pipeline = await call('POST', '/pipelines', {
    model,
    steps: [
      {
        kind: 'continued_pretraining',
        datasetVersionIds: [versions[`${entry.domain}-corpus`].id],
        // general text mixed in, so the model keeps what it knew (forgetting is gated)
        replayDatasetVersionIds: [versions['general-corpus'].id],
        hyperparameters: scale.continued,
      },
      {
        kind: 'sft',
        method: entry.method,
        datasetVersionIds: [versions[`${entry.domain}-instructions`].id],
        // text read between the lessons, so tuning to the chat format keeps the general text and
        // the domain knowledge the earlier stages taught (forgetting and accuracy are gated)
        replayDatasetVersionIds: [
          versions['general-corpus'].id,
          versions[`${entry.domain}-corpus`].id,
        ],
        hyperparameters: scale.sft[entry.method],
      },
    ],
  });
  return pipeline.body.jobs.map((j) => ({ id: j.id, label: entry.domain }));
}

/** Deploys a model's latest version and promotes it; returns the gate's refusal, if any. */
async function deployAndPromote(call, model) {
  const latest = (await call('GET', `/models/${model}/versions?limit=1`)).body.items[0];
  if ((await call('GET', `/deployments/${model}`)).status === 404) {
    await call('POST', '/deployments', {
      name: model,
      model,
      traffic: [{ version: latest.version, weight: 100 }],
    });
  }
  const promoted = await call(
    'POST',
    `/deployments/${model}/promote`,
    { version: latest.version },
    undefined,
    { allow: [409] },
  );
  if (promoted.status === 409) return { version: latest.version, refused: promoted.body.error };
  return { version: latest.version, refused: null };
}

/** Asks a deployed model one question through the OpenAI-compatible API, retrying while it loads. */
async function ask(inference, token, model, question, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${inference}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        model,
        messages: [{ role: 'user', content: question }],
        max_tokens: 96,
        temperature: 0,
      }),
    });
    const body = await response.json().catch(() => null);
    if (response.ok) return body.choices[0].message.content;
    // not served yet: the model server picks a new deployment up within seconds
    if (Date.now() > until || ![404, 503].includes(response.status))
      throw new Error(`${model}: ${response.status} ${body?.error?.message ?? ''}`);
    await sleep(2000);
  }
}

/** The evaluation table of one domain model: its base, continued pretraining and instruction tuning. */
async function evaluationRows(call, model) {
  const rows = [];
  const versions = (await call('GET', `/models/${model}/versions?limit=10&sort=version&order=asc`))
    .body.items;
  for (const version of versions) {
    const evaluation = await call('GET', `/models/${model}/versions/${version.version}/evaluation`);
    if (evaluation.status !== 200) continue;
    const body = evaluation.body;
    if (rows.length === 0 && body.base?.evaluation)
      rows.push(['base', body.base.evaluation.metrics]);
    if (body.evaluation)
      rows.push([
        `v${version.version} ${version.hyperparameters?.kind ?? ''}`,
        body.evaluation.metrics,
      ]);
  }
  return rows;
}

const fmt = (value, digits = 2) => (typeof value === 'number' ? value.toFixed(digits) : '-');

/**
 * Runs the loop; `log` prints progress lines. Returns the per-stage timings, the per-domain
 * evaluation tables and answers, for the summary `up` prints and for the tests.
 */
export async function runFirstStart({
  api,
  inference,
  token,
  scale: scaleName = 'full',
  log = console.log,
}) {
  const scale = FIRST_START_SCALES[scaleName];
  if (!scale)
    throw new Error(
      `ALLOY_FIRST_START_SCALE: ${scaleName} is not one of ${Object.keys(FIRST_START_SCALES).join(', ')}`,
    );
  const call = apiClient(api, token);
  // A second start: the sample models are deployed already, so nothing is trained again.
  const deployed = await Promise.all(
    FIRST_START_DOMAINS.map((d) => call('GET', `/deployments/${domainModel(d.domain)}`)),
  );
  if (deployed.every((r) => r.status === 200))
    return { reused: true, base: 'kept', timings: [], domains: [] };
  const timings = [];
  const stage = async (name, work) => {
    const started = Date.now();
    log(`\n▸ first start: ${name}`);
    const result = await work();
    timings.push({ stage: name, ms: Date.now() - started });
    return result;
  };

  const versions = await stage('waiting for the sample datasets to be cleaned', async () => {
    const names = [
      'general-corpus',
      ...FIRST_START_DOMAINS.flatMap((d) =>
        ['corpus', 'instructions'].map((s) => `${d.domain}-${s}`),
      ),
    ];
    const out = {};
    for (const name of names) out[name] = await readyVersion(call, name, 300_000);
    return out;
  });
  const jobs = [];
  const base = await stage(`pretraining the base model ${PRETRAINED_BASE_MODEL}`, () =>
    pretrainBase(call, versions, scale, log, jobs),
  );
  await stage(
    `tuning ${FIRST_START_DOMAINS.map((d) => `${d.domain} (${d.method})`).join(', ')}: continued pretraining, instruction tuning, evaluations`,
    async () => {
      // Every pipeline is queued at once; the worker runs their jobs in turn.
      const pending = [];
      for (const entry of FIRST_START_DOMAINS)
        pending.push(...(await domainPipeline(call, entry, versions, scale)));
      jobs.push(...(await follow(call, pending, log)));
    },
  );
  const domains = [];
  await stage('deploying and promoting through the gates', async () => {
    for (const entry of FIRST_START_DOMAINS) {
      const model = domainModel(entry.domain);
      const promotion = await deployAndPromote(call, model);
      if (promotion.refused) {
        const checks = (promotion.refused.details ?? [])
          .map((c) => `${c.field}: ${c.message}`)
          .join('; ');
        log(
          `  ${model} v${promotion.version}: deployed, not promoted (${checks || promotion.refused.message})`,
        );
      } else {
        log(`  ${model} v${promotion.version}: deployed and promoted to production`);
      }
      domains.push({
        ...entry,
        model,
        version: promotion.version,
        promoted: !promotion.refused,
        refused: promotion.refused,
      });
    }
  });
  await stage('asking each domain model', async () => {
    for (const d of domains) {
      d.answer = await ask(inference, token, d.model, d.question);
      d.evaluation = await evaluationRows(call, d.model);
    }
  });
  return { base, timings, jobs, domains };
}

/** The lines `up` prints after a first start: per domain a request, its answer and the evaluation table. */
export function firstStartSummary({ reused, timings, jobs, domains }, { inference }) {
  if (reused) return [];
  const lines = ['', 'First start (the sample models, trained on this machine):'];
  for (const t of timings) lines.push(`  ${t.stage.padEnd(72)} ${seconds(t.ms)}`);
  const total = timings.reduce((sum, t) => sum + t.ms, 0);
  lines.push(`  ${'total'.padEnd(72)} ${seconds(total)}`);
  lines.push('', 'Time on the worker, per job:');
  for (const j of jobs) lines.push(`  ${j.job.padEnd(72)} ${seconds(j.ms)}`);
  for (const d of domains) {
    lines.push(
      '',
      `${d.model} v${d.version} (${d.promoted ? 'production' : 'deployed, held back by its gate'}):`,
    );
    lines.push(
      `  curl -s ${inference}/v1/chat/completions -H "Authorization: Bearer $ALLOY_KEY" \\`,
      `    -H 'content-type: application/json' -d '${JSON.stringify({ model: d.model, messages: [{ role: 'user', content: d.question }] })}'`,
      `  answer: ${JSON.stringify(d.answer)}`,
      `  ${'evaluation'.padEnd(28)} ${'domain ppl'.padStart(10)} ${'general ppl'.padStart(11)} ${'mc acc'.padStart(7)} ${'safety'.padStart(7)}`,
    );
    for (const [label, m] of d.evaluation ?? []) {
      lines.push(
        `  ${label.padEnd(28)} ${fmt(m.domainPerplexity).padStart(10)} ${fmt(m.generalPerplexity).padStart(11)} ${fmt(m.mcAccuracy).padStart(7)} ${fmt(m.safetyPassRate).padStart(7)}`,
      );
    }
  }
  return lines;
}
