import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** A short multilingual corpus so that the fixture tokenizer has merges for common words. */
const CORPUS = [
  'The bank reviews every loan application against its credit policy before approval.',
  'A patient with chest pain is triaged within ten minutes; the nurse records vital signs.',
  'Students learn fractions by comparing parts of a whole, then practise with word problems.',
  'Interest accrues daily and is paid monthly. Hello, world! café 東京 서울 🙂 12345',
].join('\n');

function trainerDir(): string {
  const fromEnv = process.env['ALLOY_TRAINER_DIR'];
  if (fromEnv) return fromEnv;
  let dir = process.cwd();
  for (;;) {
    const candidate = join(dir, 'apps', 'gpu-worker', 'trainer');
    if (existsSync(join(candidate, 'alloy_trainer'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('apps/gpu-worker/trainer not found above the working directory');
    dir = parent;
  }
}

function trainer(args: string[]): string {
  return execFileSync('/usr/bin/python3', ['-m', 'alloy_trainer', ...args], {
    cwd: trainerDir(),
    env: { ...process.env, ALLOY_TRAINER_THREADS: '1' },
    maxBuffer: 1024 ** 3,
  }).toString('utf8');
}

/**
 * Creates a Hugging Face model directory with the trainer's own code (seeded random weights and a
 * trained byte-level BPE tokenizer). `config` is a trainer preset (`tiny`, `mini`, `34m`) or JSON.
 */
export function createTrainerModel(
  options: { config?: string; seed?: number; out?: string } = {},
): string {
  const out = resolve(options.out ?? mkdtempSync(join(tmpdir(), 'alloy-model-')));
  const corpus = join(out, '..', `corpus-${process.pid}-${Date.now()}.txt`);
  writeFileSync(corpus, CORPUS);
  try {
    trainer([
      'init-model',
      '--config',
      options.config ?? 'tiny',
      '--tokenizer-corpus',
      corpus,
      '--out',
      out,
      '--seed',
      String(options.seed ?? 0),
    ]);
  } finally {
    rmSync(corpus, { force: true });
  }
  return out;
}

/**
 * Rewrites a trainer-made model directory the way a training method leaves it, with the trainer's
 * own code: `adapter` adds its bottleneck adapters (as `method: adapter` does), and every bias and
 * adapter weight gets seeded random values, so that a graph that dropped one would show in the
 * logits (freshly initialised biases are zeros, and an adapter's up projection starts at zero).
 */
export function perturbTrainerModel(modelDir: string, options: { adapter?: number } = {}): void {
  const script = `
import sys, torch
from alloy_trainer.hf_dir import load_model, save_model
from alloy_trainer.methods import add_adapters
model = load_model(sys.argv[1])
if ${options.adapter ?? 0}:
    add_adapters(model, ${options.adapter ?? 0})
g = torch.Generator().manual_seed(7)
with torch.no_grad():
    for name, p in model.named_parameters():
        if name.endswith(".bias") or "mlp_adapter" in name:
            p.copy_(torch.randn(p.shape, generator=g) * 0.2)
save_model(model, sys.argv[1])  # the tokenizer files stay as they are
`;
  execFileSync('/usr/bin/python3', ['-c', script, modelDir], {
    cwd: trainerDir(),
    env: { ...process.env, ALLOY_TRAINER_THREADS: '1' },
  });
}

/** The trainer's PyTorch logits [ids.length, vocab] for one row of token ids. */
export function trainerLogits(modelDir: string, ids: number[]): Float64Array {
  const result = JSON.parse(trainer(['logits', '--model', modelDir, '--ids', ids.join(',')])) as {
    logits: number[][];
  };
  return Float64Array.from(result.logits.flat());
}

/** Token ids of a text under the trainer's own tokenizer (the Python implementation). */
export function trainerTokenize(modelDir: string, text: string): number[] {
  return (
    JSON.parse(trainer(['tokenize', '--model', modelDir, '--text', text])) as { ids: number[] }
  ).ids;
}
