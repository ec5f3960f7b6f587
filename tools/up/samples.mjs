// Sample content for a new installation, loaded through the public API once the control plane
// answers: the synthetic datasets of libs/data/sample-data (three per domain) and, where the
// trainer's PyTorch is installed, a small base model to fine-tune. Whatever already exists is kept,
// so running `npm run up` again loads nothing twice.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiClient } from './api-client.mjs';

const SAMPLE_DIR = 'libs/data/sample-data';
export const SAMPLE_BASE_MODEL = 'alloy-mini';
/**
 * Its shape (Hugging Face LlamaConfig fields): about 2M parameters, the most a 2-core machine
 * pretrains to fluent sample-style sentences within the first start's time.
 */
export const SAMPLE_BASE_CONFIG = {
  vocab_size: 2048,
  hidden_size: 192,
  intermediate_size: 512,
  num_hidden_layers: 4,
  num_attention_heads: 6,
  num_key_value_heads: 2,
  max_position_embeddings: 512,
  tie_word_embeddings: true,
};
const SAMPLE_BASE_SIZE = '2M-parameter';

/** What each file of a sample folder becomes: the dataset name's suffix and its kind. */
const SAMPLE_FILES = [
  [/^corpus\.raw\.|^corpus\.jsonl$/, 'corpus', 'corpus'],
  [/^instructions\.jsonl$/, 'instructions', 'chat'],
  [/^eval-mc\.jsonl$/, 'eval', 'multiple_choice'],
  [/^safety\.jsonl$/, 'safety', 'safety'],
];

/**
 * The sample datasets: per domain folder its corpus, instructions, multiple-choice and safety sets
 * (`finance-corpus`, ...), and the general corpus (`general-corpus`, domain `general`) that
 * forgetting is measured on.
 */
export function sampleDatasets(root) {
  const dir = path.join(root, SAMPLE_DIR);
  const out = [];
  for (const domain of readdirSync(dir).sort()) {
    const folder = path.join(dir, domain);
    if (!statSync(folder).isDirectory()) continue;
    for (const [pattern, suffix, kind] of SAMPLE_FILES) {
      const file = readdirSync(folder)
        .sort()
        .find((f) => pattern.test(f));
      if (file)
        out.push({ domain, name: `${domain}-${suffix}`, kind, file: path.join(folder, file) });
    }
  }
  return out;
}

/** Every document of the sample corpora: JSONL records, or paragraphs of a text file. */
function sampleTexts(root) {
  return sampleDatasets(root)
    .filter((s) => s.kind === 'corpus')
    .flatMap((s) => {
      const content = readFileSync(s.file, 'utf8');
      if (!s.file.endsWith('.jsonl')) return content.split(/\n\s*\n/);
      return content
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line).text);
    })
    .filter((text) => typeof text === 'string' && text.trim());
}

async function loadDataset(call, sample, baseModel) {
  const existing = await call('GET', `/datasets/${sample.name}/versions?limit=1`);
  if (existing.status === 200 && existing.body.items.length > 0) return 'kept';
  if (existing.status === 404) {
    await call('POST', '/datasets', {
      name: sample.name,
      kind: sample.kind,
      domain: sample.domain,
      description: `Synthetic ${sample.domain} sample (${path.basename(sample.file)})`,
    });
  }
  const query = new URLSearchParams({ fileName: path.basename(sample.file) });
  // token counts with the tokenizer of the model that will train on it
  if (baseModel) query.set('baseModel', baseModel);
  await call('POST', `/datasets/${sample.name}/versions?${query}`, readFileSync(sample.file), {
    'content-type': 'application/octet-stream',
  });
  return 'uploaded';
}

// Child processes run without blocking the event loop: a blocked loop misses the server closing an
// idle keep-alive connection, and the next request would go out on the closed socket.
const run = promisify(execFile);

export async function hasTorch(python) {
  try {
    await run(python, ['-c', 'import torch']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a small LLaMA with random weights and a tokenizer trained on the sample corpora, and
 * registers it: what the first start pretrains, and what `ALLOY_SAMPLES=datasets` offers to train.
 */
async function loadBaseModel(call, root, artifactRoot, python) {
  const existing = await call('GET', `/base-models/${SAMPLE_BASE_MODEL}`);
  if (existing.status === 200) return 'kept';
  if (!(await hasTorch(python)))
    return `skipped: ${python} has no PyTorch (apt-get install python3-torch)`;
  const key = `base-models/${SAMPLE_BASE_MODEL}`;
  const out = path.join(artifactRoot, key);
  rmSync(out, { recursive: true, force: true });
  const work = mkdtempSync(path.join(tmpdir(), 'alloy-samples-'));
  try {
    const corpus = path.join(work, 'corpus.jsonl');
    writeFileSync(
      corpus,
      sampleTexts(root)
        .map((text) => JSON.stringify({ text }))
        .join('\n'),
    );
    await run(
      python,
      [
        '-m',
        'alloy_trainer',
        'init-model',
        '--config',
        JSON.stringify(SAMPLE_BASE_CONFIG),
        '--vocab-size',
        String(SAMPLE_BASE_CONFIG.vocab_size),
        '--tokenizer-corpus',
        corpus,
        '--out',
        out,
      ],
      { cwd: path.join(root, 'apps/gpu-worker/trainer') },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  await call('POST', '/base-models', {
    name: SAMPLE_BASE_MODEL,
    path: key,
    description: `A ${SAMPLE_BASE_SIZE} LLaMA with random weights and a tokenizer trained on the sample corpora`,
  });
  return 'registered';
}

/**
 * Loads what is missing; returns one line per item for the start-up summary. The base model comes
 * first so that the datasets' token counts use its tokenizer.
 */
export async function loadSamples({ api, token, root, artifactRoot, python }) {
  const call = apiClient(api, token);
  const base = await loadBaseModel(call, root, artifactRoot, python);
  const tokenizer = base === 'kept' || base === 'registered' ? SAMPLE_BASE_MODEL : undefined;
  const lines = [];
  for (const sample of sampleDatasets(root)) {
    lines.push([`dataset ${sample.name}`, await loadDataset(call, sample, tokenizer)]);
  }
  lines.push([`base model ${SAMPLE_BASE_MODEL}`, base]);
  return lines;
}
