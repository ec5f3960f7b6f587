import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { benchDatabase, REPO_ROOT } from '../shared/bench-database';
import { ModelServerProcess } from './model-server-process';
import { serveTrainerModel } from './served-model';
import { formatFigures, type LoadFigures, runStreamingLoad } from './streaming-load';

// Streaming load: many concurrent chat streams on one model server, against one stream on the same
// server in the same run, every stream checked for a proper end.
const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    'max-tokens': { type: 'string', default: '32' },
    'single-seconds': { type: 'string', default: '15' },
    threads: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '32' },
  },
});
const STREAMS = Number(values.streams);
const SECONDS = Number(values.seconds);
const MAX_TOKENS = Number(values['max-tokens']);
const PROMPTS = [
  'The bank reviews every loan application against its credit policy',
  'A patient with a persistent cough and a fever',
  'The lesson on fractions starts with',
  'Interest rates rose for the third quarter',
  'The nurse records the blood pressure',
  'Students compare two ways of solving',
];

async function main(): Promise<void> {
  const database = await benchDatabase();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const root = mkdtempSync(path.join(tmpdir(), 'alloy-bench-load-'));
  let server: ModelServerProcess | undefined;
  try {
    // The sample base model's shape (what `npm run up` registers as alloy-mini), made by the trainer;
    // read in a child because samples.mjs is an ES module and this file runs as CommonJS.
    const sampleConfig = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { SAMPLE_BASE_CONFIG } from './tools/up/samples.mjs'; console.log(JSON.stringify(SAMPLE_BASE_CONFIG));",
        ],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      ),
    ) as object;
    const served = await serveTrainerModel(
      db,
      root,
      'load-bench',
      JSON.stringify({ ...sampleConfig, max_position_embeddings: 2048 }),
    );
    server = await ModelServerProcess.start({
      DATABASE_URL: database.url,
      ARTIFACT_ROOT: root,
      INTRA_OP_THREADS: values.threads,
      // One client holding every stream: the per-key limits would refuse it by design.
      MAX_STREAMS_PER_KEY: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      MAX_BATCH_SIZE: values['batch-size'],
      MAX_QUEUE: String(STREAMS),
    });
    const load = (streams: number, seconds: number) =>
      runStreamingLoad({
        baseUrl: server!.baseUrl,
        token: served.token,
        model: served.deployment,
        streams,
        durationMs: seconds * 1000,
        maxTokens: MAX_TOKENS,
        prompts: PROMPTS,
        drainTimeoutMs: 60_000,
      });
    console.log(
      `model server ${server.baseUrl}, ${values.threads} threads, batch ${values['batch-size']}; ` +
        `${MAX_TOKENS} tokens a stream (greedy; a model's end-of-sequence may end one earlier)`,
    );
    await load(Math.min(STREAMS, 32), 3); // warm-up: batched shapes, tokenizer workers, JIT
    const single = await load(1, Number(values['single-seconds']));
    console.log(formatFigures('1 stream', single));
    const many = await load(STREAMS, SECONDS);
    console.log(formatFigures(`${STREAMS} streams for ${SECONDS} s`, many));
    report(single, many);
    if (single.errors || many.errors || many.mismatches) process.exitCode = 1;
  } finally {
    await server?.stop('SIGTERM');
    await db.end();
    await database.drop();
    rmSync(root, { recursive: true, force: true });
  }
}

function report(single: LoadFigures, many: LoadFigures): void {
  const ratio = many.tokensPerSecond / single.tokensPerSecond;
  console.log('\nfigures');
  console.log(
    `  errors (cut, garbled, refused or hung streams)   ${many.errors} of ${many.streams}  (goal 0: ${many.errors ? 'NOT met' : 'met'})`,
  );
  console.log(
    `  TTFT p50 / p99 under load                        ${many.ttftP50Ms.toFixed(0)} / ${many.ttftP99Ms.toFixed(0)} ms`,
  );
  console.log(
    `  TTFT p50 of one stream alone                     ${single.ttftP50Ms.toFixed(0)} ms`,
  );
  console.log(
    `  tokens/s under load / one stream                 ${many.tokensPerSecond.toFixed(0)} / ${single.tokensPerSecond.toFixed(0)}`,
  );
  // The same goal as the inference bench's 16 streams against one (issue 6).
  console.log(
    `  ratio                                            ${ratio.toFixed(2)}x  (goal >= 4: ${ratio >= 4 ? 'met' : 'NOT met'})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
