// Property-based requests against every REST operation of both OpenAPI documents (the control
// plane's and the model server's), generated with fast-check from a fixed seed: valid-ish and
// invalid parameters and bodies, as an admin and without credentials. Each request must answer
// within a bound and never with a 5xx, and one answered 4xx must leave the database as it was.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  adminToken,
  api,
  type Harness as ControlPlaneHarness,
  startControlPlane,
  uniqueName,
  writeHfModel,
} from '../../apps/control-plane/test/control-plane-harness';
import { insertDatasetVersion } from '../../apps/control-plane/test/registry-fixtures';
import {
  makeArtifactRoot,
  RegistryRows,
  type ServerHarness,
  startModelServer,
  trainerModel,
} from '../../apps/model-server/test/model-server-harness';
import { InferenceAuditWriter } from '../../apps/model-server/src/audit/inference-audit.writer';
import {
  changedTables,
  DatabaseState,
  type Fixtures,
  type FuzzRequest,
  Generator,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  type Outcome,
  send,
} from './openapi-fuzz';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** Fixed, so that a failure replays; ALLOY_FUZZ_SEED explores others. */
const SEED = Number(process.env.ALLOY_FUZZ_SEED ?? 20_261_113);
/** Authenticated requests per operation, and unauthenticated ones. */
const RUNS = Number(process.env.ALLOY_FUZZ_RUNS ?? 20);
const ANONYMOUS_RUNS = 2;
/** No request may take longer than this, even on a loaded machine. */
const BOUND_MS = 15_000;

const documentOf = (app: string): OpenApiDocument =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'apps', app, 'openapi.json'), 'utf8'));
const CONTROL_PLANE_OPS = operationsOf(documentOf('control-plane'));
const MODEL_SERVER_OPS = operationsOf(documentOf('model-server'));

/**
 * Columns that a request writes by design whatever it answers: when a key or session was last
 * used, and a refused sign-in's count (the lockout).
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  api_keys: ['last_used_at'],
  user_sessions: ['last_used_at', 'idle_expires_at'],
  users: ['failed_sign_ins', 'locked_until', 'last_sign_in_at'],
  workers: ['last_heartbeat_at'],
  // The scheduler notes on every queued job why no worker can take it (no worker runs here).
  jobs: ['unschedulable_reason', 'updated_at'],
};

/** Requests sent and statuses seen, per app, for the report. */
class Tally {
  sent = 0;
  statuses = new Map<number, number>();
  failures: string[] = [];

  add(status: number): void {
    this.sent += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  summary(app: string): string {
    const statuses = [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    return `fuzz ${app}: ${this.sent} requests; statuses ${statuses}`;
  }
}

const describeRequest = (r: FuzzRequest) =>
  `${r.method} ${r.url.slice(0, 300)} (${r.note}${
    typeof r.body === 'string' ? `: ${r.body.slice(0, 300)}` : ''
  })`;

/**
 * Runs the property of one operation: `runs` generated requests, each answered within the bound
 * and below 500; a 4xx changes no table; an anonymous request (when `anonymous`) is refused.
 */
async function fuzzOperation(options: {
  op: Operation;
  generator: Generator;
  baseUrl: string;
  headers: Record<string, string>;
  db: DatabaseState;
  tally: Tally;
  runs: number;
  anonymous: boolean;
  validOnly?: boolean;
  /** Tables that a refusal of this operation writes by design. */
  mayWrite?: string[];
  /** Sees every answer (after the checks). */
  onOutcome?: (request: FuzzRequest, outcome: Outcome) => void;
}): Promise<void> {
  const { op, generator, baseUrl, headers, db, tally } = options;
  let before = await db.settled();
  await fc.assert(
    fc.asyncProperty(generator.requests(op, headers, options.validOnly), async (request) => {
      const outcome = await send(baseUrl, request, BOUND_MS);
      tally.add(outcome.status);
      const what = `${describeRequest(request)} -> ${outcome.status} in ${outcome.ms} ms: ${outcome.text.slice(0, 300)}`;
      if (outcome.status === -1) throw new Error(`no answer within ${BOUND_MS} ms: ${what}`);
      if (outcome.status < 0) throw new Error(`connection failed: ${what}`);
      if (outcome.status >= 500) throw new Error(`server error: ${what}`);
      // A Server-Sent Events stream answers 200 before its producer runs: an error it met
      // is sent as an event instead.
      if (/^event: error$/m.test(outcome.text)) throw new Error(`error event: ${what}`);
      if (options.anonymous && outcome.status !== 401 && outcome.status !== 403)
        throw new Error(`answered without credentials: ${what}`);
      options.onOutcome?.(request, outcome);
      if (outcome.status >= 400) {
        const after = await db.snapshot();
        const changed = changedTables(before, after).filter((t) => !options.mayWrite?.includes(t));
        if (changed.length)
          throw new Error(`a ${outcome.status} changed ${changed.join(', ')}: ${what}`);
        before = after;
      } else {
        // An accepted write may go on in the background (ingestion): wait for it to settle.
        before = request.method === 'GET' ? await db.snapshot() : await db.settled();
      }
    }),
    { seed: SEED, numRuns: options.runs, endOnFailure: true },
  );
}

describe('fuzz: the control plane REST API from its OpenAPI document', () => {
  let h: ControlPlaneHarness;
  let db: DatabaseState;
  let generator: Generator;
  let headers: Record<string, string>;
  const tally = new Tally();

  beforeAll(async () => {
    // Rate limits off: the fuzz sends more than a person would in a minute.
    h = await startControlPlane({ RATE_LIMIT_PER_MINUTE: '0', BODY_LIMIT: '1mb' });
    const platform = api(h);
    // The fuzz acts in an organisation of its own, so that what it changes (settings, promotion
    // gates, users) cannot reach the suites that run after it on the same database.
    const org = uniqueName('fuzz-org');
    const made = await platform.post('/api/v1/organizations', { name: org, displayName: 'Fuzz' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    headers = { authorization: `Bearer ${adminToken()}`, 'x-alloy-organization': org };
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${h.baseUrl}${url}`, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as any;
      if (response.status >= 300)
        throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };

    const base = uniqueName('fuzz-base');
    const baseKey = (await writeHfModel(h, `base-models/${base}`)).key;
    await call('POST', '/api/v1/base-models', { name: base, path: baseKey });
    const model = uniqueName('fuzz-model');
    await call('POST', '/api/v1/models', { name: model, domain: 'finance', baseModel: base });
    const versionKey = (await writeHfModel(h, `models/${model}/1`)).key;
    const version = await call('POST', `/api/v1/models/${model}/versions`, {
      artifactPath: versionKey,
      status: 'ready',
    });
    const dataset = uniqueName('fuzz-ds');
    await call('POST', '/api/v1/datasets', { name: dataset, kind: 'corpus', domain: 'finance' });
    const upload = await fetch(`${h.baseUrl}/api/v1/datasets/${dataset}/versions?format=jsonl`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: '{"text":"The bank raised its rates."}\n{"text":"Bonds fell."}\n',
    });
    const datasetVersion = (await upload.json()) as { id: string };
    expect(upload.status, JSON.stringify(datasetVersion)).toBe(201);
    const deployment = uniqueName('fuzz-dep');
    await call('POST', '/api/v1/deployments', {
      name: deployment,
      model,
      traffic: [{ version: 1, weight: 100 }],
    });
    // A ready corpus as ingestion leaves one (the upload above is still being ingested).
    const corpus = await insertDatasetVersion(
      h,
      'corpus',
      [{ text: 'The bank raised its rates.' }, { text: 'Bonds fell.' }],
      'finance',
      { organization: org },
    );
    // Queued only: no worker runs in this suite, so the job starts no training.
    const job = await call('POST', '/api/v1/jobs', {
      model,
      kind: 'continued_pretraining',
      datasetVersionIds: [corpus],
    });
    const key = await call('POST', '/api/v1/api-keys', { name: 'fuzz target', role: 'viewer' });
    const email = `${uniqueName('fuzz')}@example.com`;
    const user = await call('POST', '/api/v1/users', {
      email,
      role: 'viewer',
      password: 'a long enough password 1',
    });

    const fixtures: Fixtures = {
      'models/name': [model],
      'base-models/name': [base],
      'domains/name': ['finance', 'medical'],
      'promotion-gates/domain': ['finance'],
      'datasets/name': [dataset],
      'deployments/name': [deployment],
      'model-versions/id': [version.id],
      'dataset-versions/id': [datasetVersion.id, corpus],
      'jobs/id': [job.id],
      'users/id': [user.id],
      'api-keys/id': [key.id],
      'versions/version': ['1', '2'],
      'aliases/alias': ['production', 'staging'],
      email: [email],
      model: [model],
      baseModel: [base],
      base: [base],
      domain: ['finance'],
      path: [baseKey],
      artifactPath: [versionKey],
      versionId: [version.id],
      baseVersionId: [version.id],
      datasetVersionIds: [corpus, datasetVersion.id],
      evalDatasetVersionIds: [corpus],
      uuid: [version.id, datasetVersion.id, corpus, job.id],
    };
    generator = new Generator(documentOf('control-plane'), fixtures);
    db = await DatabaseState.connect(inject('databaseUrl'), {
      volatileColumns: VOLATILE_COLUMNS,
      ignoredTables: [],
    });
  }, 120_000);

  afterAll(async () => {
    console.log(tally.summary('control plane'));
    await db?.close();
    await h?.close();
    if (h) await rm(h.artifactRoot, { recursive: true, force: true });
  });

  it('has operations to fuzz', () => {
    expect(CONTROL_PLANE_OPS.length).toBeGreaterThan(50);
  });

  for (const op of CONTROL_PLANE_OPS) {
    it(`${op.method} ${op.path}`, async () => {
      const signIn = op.path === '/api/v1/auth/sign-in';
      const run = (auth: Record<string, string>, runs: number, anonymous: boolean) =>
        fuzzOperation({
          op,
          generator,
          baseUrl: h.baseUrl,
          headers: auth,
          db,
          tally,
          runs,
          anonymous,
          validOnly: anonymous,
          // A refused sign-in is audited and counts towards the account's lockout.
          mayWrite: signIn ? ['audit_log', 'users'] : [],
        });
      await run(headers, RUNS, false);
      // Signing in is the one operation open to all; probes are public by configuration.
      const open = signIn || /^\/(healthz|readyz)$/.test(op.path);
      if (!open) await run({}, ANONYMOUS_RUNS, true);
    });
  }
});

/** The model server's inference calls, which its audit records (apps/model-server audit-http). */
const AUDITED = /^POST \/v1\/((chat\/)?completions|models\/[^/?]+)/;

/**
 * Whether the server knew the caller of a request: not when the body could not be read (not JSON,
 * too large) or no route matched, which are answered before the key is looked at.
 */
function known(outcome: Outcome): boolean {
  if (outcome.status < 400) return true;
  const code = /"code":"([A-Z_]+)"/.exec(outcome.text)?.[1];
  return (
    !['INVALID_JSON', 'PAYLOAD_TOO_LARGE'].includes(code ?? '') && !outcome.text.includes('Cannot ')
  );
}

describe('fuzz: the model server REST and OpenAI-compatible API from its OpenAPI document', () => {
  let root: string;
  let rows: RegistryRows;
  let h: ServerHarness;
  let db: DatabaseState;
  let generator: Generator;
  const headers = { authorization: `Bearer ${adminToken()}` };
  const tally = new Tally();
  /**
   * Inference calls the admin made that reached the server's checks (its caller known), each of
   * which must leave its audit row.
   */
  let audited = 0;
  let fuzzStarted: Date;

  beforeAll(async () => {
    root = await makeArtifactRoot();
    const model = uniqueName('fuzz-ms');
    rows = await RegistryRows.connect();
    const [versionId] = await rows.model(model, [trainerModel(root, `models/${model}/1`, 1)]);
    await rows.deploy(`${model}-prod`, model, [{ versionId, weight: 100 }]);
    await rows.alias(model, 'production', versionId);
    h = await startModelServer(root, {
      RATE_LIMIT_PER_MINUTE: '0',
      REDIS_URL: inject('redisUrl'),
      REDIS_NAMESPACE: inject('redisNamespace'),
    });
    generator = new Generator(documentOf('model-server'), {
      'models/model': [model, `${model}-prod`],
      'versions/version': ['1', '2'],
      alias: ['production', 'latest'],
      model: [model, `${model}-prod`],
    });
    db = await DatabaseState.connect(inject('databaseUrl'), {
      volatileColumns: VOLATILE_COLUMNS,
      // The model server records every call it refuses as well as those it serves (its audit).
      ignoredTables: ['inference_audit'],
    });
    fuzzStarted = new Date();
  }, 120_000);

  afterAll(async () => {
    console.log(tally.summary('model server'));
    await db?.close();
    await h?.close();
    await rows?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('has operations to fuzz', () => {
    expect(MODEL_SERVER_OPS.length).toBeGreaterThan(5);
  });

  for (const op of MODEL_SERVER_OPS) {
    it(`${op.method} ${op.path}`, async () => {
      const run = (auth: Record<string, string>, runs: number, anonymous: boolean) =>
        fuzzOperation({
          op,
          generator,
          baseUrl: h.baseUrl,
          headers: auth,
          db,
          tally,
          runs,
          anonymous,
          validOnly: anonymous,
          onOutcome: (request, outcome) => {
            if (!anonymous && AUDITED.test(`${request.method} ${request.url}`) && known(outcome))
              audited += 1;
          },
        });
      await run(headers, RUNS * 2, false);
      if (!/^\/(healthz|readyz)$/.test(op.path)) await run({}, ANONYMOUS_RUNS, true);
    });
  }

  it('audits every inference call it answered, whatever else its batch held', async () => {
    // Written in batches off the request path; a failed batch is tried once more.
    const writer = h.app.get(InferenceAuditWriter);
    await writer.flush();
    await writer.flush();
    const [row] = await rows.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inference_audit
       WHERE credential_id = $1 AND created_at >= $2`,
      [adminToken().split('_')[2], fuzzStarted],
    );
    expect(audited).toBeGreaterThan(100);
    expect(row.n).toBe(audited);
  });
});
