import { parseEnv } from '@alloy/runtime';
import { hostname } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_REDIS_NAMESPACE,
  HEARTBEAT_INTERVAL_MS,
  REDIS_NAMESPACE_PATTERN,
  WORKER_ID_PATTERN,
} from '@alloy/contracts';
import { z } from 'zod';

/** The repository root, found from this file (apps/gpu-worker/src/config). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LABEL_PATTERN = /^[A-Za-z0-9_.\-/]{1,63}$/;

/** A host name made into a valid worker id (lowercase, dashes, at most 63 characters). */
export function hostnameSlug(host: string): string {
  const slug = host
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug || 'worker';
}

const labels = z.string().transform((text, ctx) => {
  const result: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim())) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    const value = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (!LABEL_PATTERN.test(key) || !LABEL_PATTERN.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" is not key=value (letters, digits, ._-/)`,
      });
      return z.NEVER;
    }
    result[key] = value;
  }
  return result;
});

const positiveInt = z.coerce.number().int().min(1);

/** Every environment key the worker reads, with its default. Secrets are marked. */
export const CONFIG_KEYS = {
  WORKER_ID: z
    .string()
    .regex(WORKER_ID_PATTERN, 'lowercase letters, digits and dashes, at most 63')
    .optional(),
  CONTROL_PLANE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  /** secret: the join token an admin created (`POST /api/v1/worker-tokens`). */
  WORKER_TOKEN: z
    .string()
    .regex(/^alloy_wj_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/, 'a worker join token (alloy_wj_...)'),
  /** secret */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  /** Must be the control plane's: it names the queue, stream and channel the worker uses. */
  REDIS_NAMESPACE: z
    .string()
    .regex(REDIS_NAMESPACE_PATTERN, 'letters, digits, "-", "_" and ".", 1 to 64 characters')
    .default(DEFAULT_REDIS_NAMESPACE),
  ARTIFACT_ROOT: z.string().min(1).default('./var/artifacts'),
  WORK_DIR: z.string().min(1).default('./var/work'),
  TRAINER_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  TRAINER_DIR: z.string().min(1).optional(),
  MAX_CONCURRENT_JOBS: positiveInt.max(64).optional(),
  CANCEL_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  WORKER_LABELS: labels.default({}),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** The protocol's interval; shorter only in tests. */
  HEARTBEAT_INTERVAL_MS: positiveInt.min(100).default(HEARTBEAT_INTERVAL_MS),
  /** How long a job's BullMQ lock lives without renewal (renewed every half of it). */
  LOCK_DURATION_MS: positiveInt.min(1000).default(30_000),
  /** How often BullMQ looks for jobs whose worker died. */
  STALLED_INTERVAL_MS: positiveInt.min(500).default(15_000),
} as const;

export const SECRET_KEYS = ['REDIS_URL', 'WORKER_TOKEN'] as const;

type Env = z.infer<z.ZodObject<typeof CONFIG_KEYS>>;

/** The typed configuration handed to the worker's classes. */
export interface WorkerConfig {
  workerId: string;
  controlPlane: { url: string; heartbeatIntervalMs: number; joinToken: string };
  redis: { url: string; namespace: string };
  artifacts: { root: string };
  workDir: string;
  trainer: { python: string; dir: string; jobSpecSchema: string };
  /** null: decided from the GPU inventory (free GPUs, or 1 on a CPU worker). */
  maxConcurrentJobs: number | null;
  cancelGraceMs: number;
  labels: Record<string, string>;
  log: { level: Env['LOG_LEVEL'] };
  queue: { lockDurationMs: number; stalledIntervalMs: number };
}

/** Parses the environment; throws a ConfigError naming every bad key. The one place that reads env. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  host: string = hostname(),
): WorkerConfig {
  const e = parseEnv(CONFIG_KEYS, env, SECRET_KEYS);
  return {
    workerId: e.WORKER_ID ?? hostnameSlug(host),
    controlPlane: {
      url: e.CONTROL_PLANE_URL.replace(/\/+$/, ''),
      heartbeatIntervalMs: e.HEARTBEAT_INTERVAL_MS,
      joinToken: e.WORKER_TOKEN,
    },
    redis: { url: e.REDIS_URL, namespace: e.REDIS_NAMESPACE },
    artifacts: { root: path.resolve(e.ARTIFACT_ROOT) },
    workDir: path.resolve(e.WORK_DIR),
    trainer: {
      python: e.TRAINER_PYTHON,
      dir: path.resolve(e.TRAINER_DIR ?? path.join(REPO_ROOT, 'apps/gpu-worker/trainer')),
      // The trainer validates specs against the same schema file; say where it is in case the
      // trainer package lives outside this repository.
      jobSpecSchema: path.join(REPO_ROOT, 'libs/contracts/src/schemas/job-spec.schema.json'),
    },
    maxConcurrentJobs: e.MAX_CONCURRENT_JOBS ?? null,
    cancelGraceMs: e.CANCEL_GRACE_MS,
    labels: e.WORKER_LABELS,
    log: { level: e.LOG_LEVEL },
    queue: { lockDurationMs: e.LOCK_DURATION_MS, stalledIntervalMs: e.STALLED_INTERVAL_MS },
  };
}
