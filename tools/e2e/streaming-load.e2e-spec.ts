import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeArtifactRoot, uniqueName } from '../../apps/model-server/test/model-server-harness';
import { ModelServerProcess } from '../bench/load/model-server-process';
import { type ServedModel, serveTrainerModel } from '../bench/load/served-model';
import { formatFigures, runStreamingLoad } from '../bench/load/streaming-load';

// `npm run bench:load` at reduced size: 200 concurrent streams for a few seconds against one model
// server process. Timings are printed, never asserted (the machine is shared); what is asserted is
// that every stream ends as a proper stream and greedy decoding gives each prompt one text.
const STREAMS = Number(process.env.ALLOY_LOAD_STREAMS ?? 200);
const SECONDS = Number(process.env.ALLOY_LOAD_SECONDS ?? 12);
const PROMPTS = [
  'The bank reviews every loan application',
  'A patient with a fever',
  'The lesson starts with',
  'Interest rates rose',
  'The nurse records',
];

describe('streaming load on one model server', () => {
  let root: string;
  let db: Client;
  let served: ServedModel;
  let server: ModelServerProcess;

  beforeAll(async () => {
    root = await makeArtifactRoot();
    db = new Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    served = await serveTrainerModel(db, root, uniqueName('load'), 'tiny');
    server = await ModelServerProcess.start({
      DATABASE_URL: inject('databaseUrl'),
      ARTIFACT_ROOT: root,
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
      INTRA_OP_THREADS: '1',
      TOKENIZER_THREADS: '1',
      // One partner app holding 200 streams: the per-key limits would refuse it by design.
      MAX_STREAMS_PER_KEY: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      MAX_BATCH_SIZE: '32',
      MAX_QUEUE: String(STREAMS),
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop('SIGTERM');
    await db?.end();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it(`${STREAMS} concurrent streams for ${SECONDS} s: every stream complete and well formed, none hung`, async () => {
    const figures = await runStreamingLoad({
      baseUrl: server.baseUrl,
      token: served.token,
      model: served.deployment,
      streams: STREAMS,
      durationMs: SECONDS * 1000,
      maxTokens: 8,
      prompts: PROMPTS,
      drainTimeoutMs: 60_000,
    });
    console.log(formatFigures('streaming load', figures));
    expect(figures.errorSamples).toEqual([]);
    expect(figures.errors).toBe(0);
    expect(figures.streams).toBeGreaterThanOrEqual(STREAMS);
    expect(figures.mismatches).toBe(0);
    expect(server.running).toBe(true);
  }, 180_000);
});
