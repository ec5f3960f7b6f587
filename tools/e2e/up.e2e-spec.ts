// `npm run up` as a newcomer runs it: migrates and seeds a new database, starts every app, loads
// the sample datasets and base model, prints the URLs, and takes everything down on Ctrl-C.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseToken } from '@alloy/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../apps/control-plane/test/control-plane-harness';
import { REPO_ROOT, until } from './system-harness';
import { READY_LINE, UpProcess } from './up-harness';

interface Sample {
  domain: string;
  name: string;
  kind: string;
}

/** The pid of the child of `parent` whose command line contains `script` (read from /proc). */
function childOf(parent: number, script: string): number {
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // the parent pid is the 4th field of /proc/<pid>/stat, after the parenthesised name
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === parent && cmdline.includes(script)) return Number(entry);
    } catch {
      // the process ended while it was read
    }
  }
  throw new Error(`no child of ${parent} runs ${script}`);
}

describe('npm run up', () => {
  let h: UpProcess;
  let up: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let api: string;
  let inference: string;
  let apiKey = '';
  const get = async (url: string) => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    // the datasets and the untrained base model, without the first start's training
    h = await UpProcess.onFreePorts({ ALLOY_SAMPLES: 'datasets' });
    ({ child: up, exited } = h);
    api = `http://127.0.0.1:${h.ports.api}/api/v1`;
    inference = `http://127.0.0.1:${h.ports.model}`;
    output = await until(
      async () => h.output,
      (text) => text.includes(READY_LINE) || up.exitCode !== null,
      240_000,
      'npm run up to print its URLs',
    );
    if (!output.includes(READY_LINE)) throw new Error(`npm run up failed:\n${output.slice(-3000)}`);
    apiKey = /^API key: (alloy_ak_\S+)$/m.exec(output)?.[1] ?? '';
  }, 300_000);

  afterAll(() => h?.stop(), 60_000);

  it('prints the first admin API key once, and nothing answers without it', async () => {
    expect(apiKey).toMatch(/^alloy_ak_/);
    expect((await fetch(`${api}/domains`)).status).toBe(401);
    expect((await fetch(`${inference}/v1/models`)).status).toBe(401);
    const me = await get(`${api}/auth/me`);
    expect(me.body).toMatchObject({ role: 'admin', platform: true });
    // The console user signs in with the password kept beside the key.
    const secrets = JSON.parse(readFileSync(path.join(h.workDir, 'secrets/local.json'), 'utf8'));
    const signIn = await fetch(`${api}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: secrets.adminEmail, password: secrets.adminPassword }),
    });
    expect(signIn.status).toBe(200);
  });

  it('prints where every app listens, and each answers there', async () => {
    expect(output).toMatch(
      new RegExp(`control-plane +REST API +http://localhost:${new URL(api).port}/api/v1`),
    );
    expect(output).toMatch(/gpu-worker +worker +http:\/\/localhost:\d+\/api\/v1\/workers\/up-/);
    // The console is built and served, and knows where the model server is.
    const consoleUrl = api.replace('/api/v1', '/console');
    expect(output).toMatch(/control-plane +console +http:\/\/localhost:\d+\/console\n/);
    expect(await (await fetch(`${consoleUrl}/`)).text()).toContain('<div id="root">');
    expect(await (await fetch(`${consoleUrl}/config.json`)).json()).toEqual({
      inferenceUrl: inference.replace('127.0.0.1', 'localhost'),
    });
    const domains = await get(`${api}/domains`);
    expect((domains.body.items as { name: string }[]).map((d) => d.name)).toEqual(
      expect.arrayContaining(['education', 'finance', 'medical']),
    );
    expect((await get(`${inference}/v1/models`)).status).toBe(200);
    const workers = await get(`${api}/workers`);
    expect((workers.body.items as { id: string }[]).map((w) => w.id)).toEqual([
      expect.stringMatching(/^up-/),
    ]);
  });

  it('comes with the finance, medical and education plugins, each enabled for its domain', async () => {
    const plugins = (await get(`${api}/plugins`)).body.items as {
      id: string;
      state: string;
      latestVersion: string;
      enablements: { scope: string }[];
    }[];
    const said = output.split('\n').filter((line) => /plugin/i.test(line) && !line.startsWith('['));
    expect(
      plugins.map((p) => [p.id, p.state, p.enablements.map((e) => e.scope)]),
      said.join('\n'),
    ).toEqual([
      ['alloy.education', 'enabled', ['domain:education']],
      ['alloy.finance', 'enabled', ['domain:finance']],
      ['alloy.medical', 'enabled', ['domain:medical']],
    ]);
    expect(output).toMatch(/alloy\.finance@1\.0\.0 +installed, enabled for finance/);
  });

  it('loads the sample datasets and a base model once, and they get cleaned', async () => {
    // a plain ES module (up runs before anything is built), so it comes without types
    const samplesModule = pathToFileURL(path.join(REPO_ROOT, 'tools/up/samples.mjs')).href;
    const { sampleDatasets, loadSamples, SAMPLE_BASE_MODEL } = (await import(samplesModule)) as {
      sampleDatasets(root: string): Sample[];
      loadSamples(options: object): Promise<[string, string][]>;
      SAMPLE_BASE_MODEL: string;
    };
    const samples = sampleDatasets(REPO_ROOT);
    // corpus, instructions, multiple choice and safety per domain, and the general corpus
    expect(samples).toHaveLength(13);
    const base = await get(`${api}/base-models/${SAMPLE_BASE_MODEL}`);
    expect(base.body).toMatchObject({ architecture: 'LlamaForCausalLM', contextLength: 512 });

    for (const sample of samples) {
      const ready = await until(
        () => get(`${api}/datasets/${sample.name}/versions/1`),
        (r) => r.body.status === 'ready' || r.body.status === 'failed',
        180_000,
        `${sample.name} to be ingested`,
      );
      expect(ready.body).toMatchObject({ status: 'ready', kind: sample.kind });
    }
    // The corpora carry planted duplicates and fake personal data: the report shows them removed.
    const report = (await get(`${api}/datasets/finance-corpus/versions/1/report`)).body as {
      duplicates: { exact: { count: number }; near: { count: number } };
      pii: { total: number };
      tokens: { tokenizer: string; total: number };
    };
    // counted with the sample base model's tokenizer, not the word-count fallback
    expect(report.tokens.tokenizer).not.toMatch(/fallback/);
    expect(report.tokens.total).toBeGreaterThan(0);
    expect(report.duplicates.exact.count).toBeGreaterThan(0);
    expect(report.duplicates.near.count).toBeGreaterThan(0);
    expect(report.pii.total).toBeGreaterThan(0);

    // Run again (as a second `npm run up` does): everything is kept, nothing uploaded twice.
    const again = await loadSamples({
      api,
      token: apiKey,
      root: REPO_ROOT,
      artifactRoot: h.artifactRoot,
      python: '/usr/bin/python3',
    });
    expect(new Set(again.map(([, what]) => what))).toEqual(new Set(['kept']));
    const versions = await get(`${api}/datasets/finance-corpus/versions`);
    expect(versions.body.items).toHaveLength(1);
  });

  it('logs no secret, key, password or prompt in a whole session', async () => {
    const secrets = JSON.parse(
      readFileSync(path.join(h.workDir, 'secrets/local.json'), 'utf8'),
    ) as {
      signingSecret: string;
      adminEmail: string;
      adminPassword: string;
    };
    const call = async (method: string, url: string, body?: unknown, token = apiKey) => {
      const response = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as any };
    };
    // A console session, a failed sign-in, a new key, a worker token: each secret goes through.
    const session = await call('POST', `${api}/auth/sign-in`, {
      email: secrets.adminEmail,
      password: secrets.adminPassword,
    });
    expect(session.status).toBe(200);
    const wrongPassword = 'not-the-password-but-close';
    expect(
      (
        await call('POST', `${api}/auth/sign-in`, {
          email: secrets.adminEmail,
          password: wrongPassword,
        })
      ).status,
    ).toBe(401);
    const key = await call(
      'POST',
      `${api}/api-keys`,
      { name: 'partner', role: 'partner-developer' },
      session.body.token,
    );
    expect(key.status).toBe(201);
    const joinToken = (await call('POST', `${api}/worker-tokens`, {})).body.token as string;
    expect((await call('POST', `${api}/auth/refresh`, undefined, session.body.token)).status).toBe(
      200,
    );
    expect(
      (
        await call(
          'GET',
          `${api}/models`,
          undefined,
          'alloy_ak_forgedforgedforge_' + 'x'.repeat(43),
        )
      ).status,
    ).toBe(401);

    // A prompt through the model server, on the sample base model deployed as version 1.
    const model = `log-check-${randomBytes(3).toString('hex')}`;
    expect(
      (
        await call('POST', `${api}/models`, {
          name: model,
          domain: 'finance',
          baseModel: 'alloy-mini',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', `${api}/models/${model}/versions`, {
          artifactPath: 'base-models/alloy-mini',
          status: 'ready',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', `${api}/deployments`, {
          name: model,
          model,
          traffic: [{ version: 1, weight: 100 }],
        })
      ).status,
    ).toBe(201);
    const prompt = `my account number is PROMPT-${randomBytes(6).toString('hex')}`;
    const answered = await until(
      () =>
        call(
          'POST',
          `${inference}/v1/chat/completions`,
          {
            model,
            messages: [{ role: 'user', content: prompt }],
            max_tokens: 4,
          },
          key.body.token,
        ),
      (r) => r.status === 200,
      120_000,
      'the deployment to answer',
    );
    expect(answered.status).toBe(200);

    const logLines = h.output
      .split('\n')
      .filter((line) => /^\[(control-plane|model-server|gpu-worker)\] /.test(line));
    expect(logLines.length).toBeGreaterThan(50);
    // A secret may itself contain `_`, so it is taken from the parsed token, not from a split.
    const secretPart = (token: string) => parseToken(token)?.secret ?? token;
    const forbidden = {
      signingSecret: secrets.signingSecret,
      adminPassword: secrets.adminPassword,
      wrongPassword,
      adminApiKey: secretPart(apiKey),
      partnerKey: secretPart(key.body.token),
      session: secretPart(session.body.token),
      joinToken: secretPart(joinToken),
      prompt: prompt.slice(-18),
    };
    for (const [what, value] of Object.entries(forbidden)) {
      const leaks = logLines.filter((line) => line.includes(value));
      expect(leaks, `${what} in the logs`).toEqual([]);
    }
  }, 240_000);

  it('restarts an app that crashes, while the others keep serving', async () => {
    const worker = `${api}/workers/${h.home.workerId}`;
    // the worker `up` started, killed as an out-of-memory kill would
    process.kill(childOf(up.pid!, 'apps/gpu-worker/src/main.ts'), 'SIGKILL');
    const killedAt = Date.now();
    await until(
      async () => h.output,
      (text) => /\[gpu-worker\] restarted \(pid \d+\)/.test(text),
      30_000,
      'the worker to be started again',
    );
    expect(h.output).toMatch(
      /\[gpu-worker\] exited \(signal SIGKILL\); the other apps keep serving, restarting it in 1s/,
    );
    // nothing else went down with it
    expect((await get(`${api}/domains`)).status).toBe(200);
    expect((await fetch(`${inference}/v1/models`)).status).toBe(401);
    expect(up.exitCode).toBeNull();
    // the new process joins again: only it can have sent a heartbeat since the kill
    const rejoined = await until(
      () => get(worker),
      (r) => r.body.state === 'online' && Date.parse(r.body.lastHeartbeatAt as string) > killedAt,
      90_000,
      'the restarted worker to heartbeat',
    );
    expect(rejoined.body.state).toBe('online');
  }, 150_000);

  it('stops every app on Ctrl-C', async () => {
    up.kill('SIGINT');
    await exited;
    await expect(fetch(`${api}/domains`)).rejects.toThrow();
    await expect(fetch(`${inference}/v1/models`)).rejects.toThrow();
  }, 60_000);
});

describe('npm run up that cannot start an app', () => {
  it('says so, exits 1 and leaves nothing running, even when the port answers nothing', async () => {
    // Something else holds the model server's port: it accepts connections and never answers.
    const squatter = createServer(() => undefined);
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as AddressInfo).port;
    const h = new UpProcess({
      api: await freePort(),
      grpc: await freePort(),
      model: taken,
      modelGrpc: await freePort(),
    });
    try {
      expect(await h.exited).toBe(1);
      expect(h.output).toMatch(/npm run up failed/);
      // the control plane it had started is gone too
      await expect(fetch(`http://127.0.0.1:${h.ports.api}/healthz`)).rejects.toThrow();
    } finally {
      squatter.close();
      await h.stop();
    }
  }, 240_000);
});
