import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { inject } from 'vitest';
import { createControlPlane } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { setServing } from '../src/grpc/grpc-options';

export interface Harness {
  app: INestApplication;
  baseUrl: string;
  grpcAddress: string;
  artifactRoot: string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The real control plane (HTTP + gRPC) on free ports, on the test database and a temp artifact store. */
export async function startControlPlane(env: Record<string, string> = {}): Promise<Harness> {
  // An ARTIFACT_ROOT or PORT given in env is used (a test sharing a store, or whose other
  // servers must know this one's origin before it starts); otherwise fresh ones.
  const artifactRoot =
    env.ARTIFACT_ROOT ?? (await mkdtemp(path.join(tmpdir(), 'alloy-artifacts-')));
  const grpcPort = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    GRPC_PORT: String(grpcPort),
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    REDIS_NAMESPACE: inject('redisNamespace'),
    LOG_LEVEL: 'warn',
    SIGNING_SECRET: inject('signingSecret'),
    ...env,
    ARTIFACT_ROOT: artifactRoot,
  });
  const { app } = await createControlPlane(config);
  await app.startAllMicroservices();
  await app.listen(config.http.port, '127.0.0.1');
  setServing(true);
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    baseUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    artifactRoot,
    close: async () => {
      setServing(false);
      await app.close();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** The suites' platform admin key (created by the integration global setup). */
export const adminToken = (): string => inject('adminToken');

/** What the audit log records for a key's token: `key:<id>`. */
export const actorOf = (token: string = adminToken()): string => `key:${token.split('_')[2]}`;

/** `Authorization` header of a token. */
export const bearer = (token: string = adminToken()) => ({ authorization: `Bearer ${token}` });

/**
 * A small JSON client for the tests: `api(h).post('/api/v1/models', {...})`, as the suites' admin
 * unless given another token (`null`: no credentials at all).
 */
export function api(h: Harness, token: string | null = adminToken()) {
  const call = async <T = any>(
    method: string,
    url: string,
    body?: unknown,
    raw?: string,
  ): Promise<ApiResponse<T>> => {
    const response = await fetch(`${h.baseUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: response.headers,
    };
  };
  return {
    get: <T = any>(url: string) => call<T>('GET', url),
    post: <T = any>(url: string, body?: unknown) => call<T>('POST', url, body),
    put: <T = any>(url: string, body?: unknown) => call<T>('PUT', url, body),
    patch: <T = any>(url: string, body?: unknown) => call<T>('PATCH', url, body),
    delete: <T = any>(url: string) => call<T>('DELETE', url),
    raw: <T = any>(method: string, url: string, raw: string) =>
      call<T>(method, url, undefined, raw),
  };
}

/** Writes a minimal safetensors file: 8-byte header length, JSON header, zeroed f32 data. */
export function safetensors(tensors: Record<string, number[]>): Buffer {
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const [name, shape] of Object.entries(tensors)) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(offset)]);
}

/** A tiny Hugging Face LLaMA directory on the artifact store; returns its key. */
export async function writeHfModel(
  h: Harness,
  key: string,
  overrides: Record<string, unknown> = {},
): Promise<{ key: string; parameterCount: number }> {
  const dir = path.join(h.artifactRoot, key);
  await mkdir(dir, { recursive: true });
  const config = {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    vocab_size: 32,
    hidden_size: 8,
    intermediate_size: 16,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    num_key_value_heads: 1,
    max_position_embeddings: 128,
    tie_word_embeddings: true,
    ...overrides,
  };
  const tensors = {
    'model.embed_tokens.weight': [32, 8],
    'model.layers.0.self_attn.q_proj.weight': [8, 8],
    'model.layers.0.self_attn.k_proj.weight': [4, 8],
    'model.norm.weight': [8],
  };
  const parameterCount = Object.values(tensors).reduce(
    (sum, shape) => sum + shape.reduce((a, b) => a * b, 1),
    0,
  );
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
  await writeFile(path.join(dir, 'model.safetensors'), safetensors(tensors));
  await writeFile(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({
      model: { type: 'BPE', vocab: { a: 0, b: 1, c: 2 }, merges: [] },
      added_tokens: [{ id: 3, content: '<s>' }],
    }),
  );
  await writeFile(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({ chat_template: '{{ messages }}' }),
  );
  return { key, parameterCount };
}

let counter = 0;
/** A name no other test uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
