// `npm test`: every check CI runs, in order, each counted (passed, failed, skipped); ends with one
// line `N passed, N failed`.
// Stages: format, lint, typecheck, unit + integration + e2e (vitest, against the real Postgres and
// Redis), the trainer's tests (pytest on the real PyTorch), and the first start at full size (the
// same e2e file the vitest stage runs at its smallest). Drift checks run inside the suites.
// Before any stage, what the chosen stages need on the machine is checked (prerequisites.mjs);
// under CI=true a skip CI could have removed counts as failed (skip-policy.mjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMissing, missingPrerequisites, PYTHON } from './prerequisites.mjs';
import { removablePytestSkips } from './skip-policy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const CI = process.env.CI === 'true';
const only = process.argv.slice(2);

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const relay = (stream) => (chunk) => {
      output += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A check that is one test: it passes or fails as a whole. */
const single = (command, args) => async () => {
  const { code } = await run(command, args);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
};

/** ESLint; the Nx project graph is computed first, or the module-boundary rule silently skips. */
async function lint() {
  const graph = await run(bin('nx'), ['show', 'projects'], { NX_DAEMON: 'false' });
  if (graph.code !== 0) return { passed: 0, failed: 1, skipped: 0 };
  return single(bin('eslint'), ['.', '--max-warnings', '0'])();
}

async function vitest(files = [], env = {}) {
  const counts = path.join(mkdtempSync(path.join(tmpdir(), 'alloy-vitest-')), 'counts.json');
  const { code } = await run(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=./tools/test/count-reporter.mjs', ...files],
    { ...env, ALLOY_TEST_COUNTS: counts },
  );
  if (!existsSync(counts)) return { passed: 0, failed: 1, skipped: 0 };
  const { passed, failed, skipped } = JSON.parse(readFileSync(counts, 'utf8'));
  return { passed, failed: failed || (code === 0 ? 0 : 1), skipped };
}

async function pytest() {
  const { code, output } = await run(
    PYTHON,
    // -rs: each skip's reason in the short summary, for the skip policy.
    ['-m', 'pytest', 'apps/gpu-worker/trainer/tests', '-q', '-rs', '-p', 'no:cacheprovider'],
    {
      PYTHONUNBUFFERED: '1',
    },
  );
  const summary =
    output
      .trim()
      .split('\n')
      .reverse()
      .find((l) => /\b(passed|failed|error)/.test(l)) ?? '';
  const count = (word) => Number(summary.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  const passed = count('passed');
  let failed = count('failed') + count('errors?');
  let skipped = count('skipped');
  if (CI) {
    for (const skip of removablePytestSkips(output)) {
      console.log(`CI: a skip CI could remove counts as failed: ${skip.where}: ${skip.reason}`);
      failed += skip.count;
      skipped -= skip.count;
    }
  }
  return { passed, failed: failed || (code === 0 ? 0 : 1), skipped };
}

const stages = [
  ['format', single(bin('prettier'), ['--check', '.', '--log-level', 'warn'])],
  ['lint', lint],
  ['typecheck', single(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])],
  // The console is a browser app with its own compiler settings (DOM, JSX).
  ['typecheck:console', single(bin('tsc'), ['-p', 'apps/console/tsconfig.json', '--noEmit'])],
  ['vitest', () => vitest()],
  ['trainer', pytest],
  // The first start at the size a new installation gets (about 13 minutes), alone on the machine:
  // the vitest stage runs the same loop at its smallest.
  [
    'first-start',
    () => vitest(['tools/e2e/first-start.e2e-spec.ts'], { ALLOY_E2E_FIRST_START: 'full' }),
  ],
];

const chosen = stages.map(([name]) => name).filter((name) => !only.length || only.includes(name));
const missing = await missingPrerequisites({ stages: chosen, ci: CI });
if (missing.length) {
  console.log('\n=== prerequisites ===');
  console.log(describeMissing(missing));
}
const blocking = missing.filter((m) => m.blocking);
if (blocking.length) {
  // No stage runs: each would fail for what is missing, not for what it tests.
  console.log(
    `\n${blocking.length} prerequisite(s) missing: install them (or run .ci/run prerequisites), then npm test again.`,
  );
  console.log(`0 passed, ${blocking.length} failed`);
  process.exit(1);
}

const results = [];
for (const [name, stage] of stages) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = await stage();
  results.push({ name, ...result, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n=== summary ===');
for (const r of results)
  console.log(
    `${r.name.padEnd(10)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.seconds}s)`,
  );
const total = (key) => results.reduce((s, r) => s + r[key], 0);
// The last line stays `N passed, N failed`, which CI reads; the skipped count comes the line before.
console.log(`${total('skipped')} skipped`);
console.log(`${total('passed')} passed, ${total('failed')} failed`);
process.exit(total('failed') ? 1 : 0);
