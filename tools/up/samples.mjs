// Sample content for a new installation, loaded through the public API once the control plane
// answers: the synthetic datasets of libs/data/sample-data (three per domain) and, where the
// trainer's PyTorch is installed, a small base model to fine-tune. Whatever already exists is kept,
// so running `npm run up` again loads nothing twice.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const SAMPLE_DIR = 'libs/data/sample-data';
export const SAMPLE_BASE_MODEL = 'alloy-mini';

/** The datasets of one domain folder: name, kind and the file to upload. */
export function sampleDatasets(root) {
  const dir = path.join(root, SAMPLE_DIR);
  const out = [];
  for (const domain of readdirSync(dir).sort()) {
    const folder = path.join(dir, domain);
    if (!existsSync(path.join(folder, 'manifest.json'))) continue;
    const corpus = readdirSync(folder).find((f) => f.startsWith('corpus.raw.'));
    const files = [
      ['corpus', 'corpus', corpus],
      ['instructions', 'chat', 'instructions.jsonl'],
      ['eval', 'multiple_choice', 'eval-mc.jsonl'],
    ];
    for (const [suffix, kind, file] of files) {
      if (!file || !existsSync(path.join(folder, file))) continue;
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

/** The admin API key every call of the loader sends (set by `loadSamples`). */
let authorization = {};

async function call(api, method, route, body, headers = { 'content-type': 'application/json' }) {
  const response = await fetch(`${api}${route}`, {
    method,
    headers: { ...headers, ...authorization },
    body:
      body === undefined || typeof body !== 'object' || Buffer.isBuffer(body)
        ? body
        : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok && response.status !== 404) {
    throw new Error(`${method} ${route}: ${response.status} ${json?.error?.message ?? text}`);
  }
  return { status: response.status, body: json };
}

async function loadDataset(api, sample, baseModel) {
  const existing = await call(api, 'GET', `/datasets/${sample.name}/versions?limit=1`);
  if (existing.status === 200 && existing.body.items.length > 0) return 'kept';
  if (existing.status === 404) {
    await call(api, 'POST', '/datasets', {
      name: sample.name,
      kind: sample.kind,
      domain: sample.domain,
      description: `Synthetic ${sample.domain} sample (${path.basename(sample.file)})`,
    });
  }
  const query = new URLSearchParams({ fileName: path.basename(sample.file) });
  // token counts with the tokenizer of the model that will train on it
  if (baseModel) query.set('baseModel', baseModel);
  await call(api, 'POST', `/datasets/${sample.name}/versions?${query}`, readFileSync(sample.file), {
    'content-type': 'application/octet-stream',
  });
  return 'uploaded';
}

// Child processes run without blocking the event loop: a blocked loop misses the server closing an
// idle keep-alive connection, and the next request would go out on the closed socket.
const run = promisify(execFile);

async function hasTorch(python) {
  try {
    await run(python, ['-c', 'import torch']);
    return true;
  } catch {
    return false;
  }
}

/** Writes a small random-weight model with a tokenizer trained on the sample corpora, and registers it. */
async function loadBaseModel(api, root, artifactRoot, python) {
  const existing = await call(api, 'GET', `/base-models/${SAMPLE_BASE_MODEL}`);
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
        'mini',
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
  await call(api, 'POST', '/base-models', {
    name: SAMPLE_BASE_MODEL,
    path: key,
    description:
      'A 0.9M-parameter LLaMA with random weights and a tokenizer trained on the sample corpora',
  });
  return 'registered';
}

/**
 * Loads what is missing; returns one line per item for the start-up summary. The base model comes
 * first so that the datasets' token counts use its tokenizer.
 */
export async function loadSamples({ api, token, root, artifactRoot, python }) {
  authorization = token ? { authorization: `Bearer ${token}` } : {};
  const base = await loadBaseModel(api, root, artifactRoot, python);
  const tokenizer = base === 'kept' || base === 'registered' ? SAMPLE_BASE_MODEL : undefined;
  const lines = [];
  for (const sample of sampleDatasets(root)) {
    lines.push([`dataset ${sample.name}`, await loadDataset(api, sample, tokenizer)]);
  }
  lines.push([`base model ${SAMPLE_BASE_MODEL}`, base]);
  return lines;
}
