import { parseEnv } from '@alloy/runtime';
import { DEFAULT_REDIS_NAMESPACE, REDIS_NAMESPACE_PATTERN } from '@alloy/contracts';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every environment key the control plane reads, with its default. Secrets are marked. */
export const CONFIG_KEYS = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  GRPC_PORT: port.default(50051),
  /** secret */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgres://postgres@127.0.0.1:5432/alloy'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** secret */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key; installations sharing one Redis need different ones. */
  REDIS_NAMESPACE: z
    .string()
    .regex(REDIS_NAMESPACE_PATTERN, 'letters, digits, "-", "_" and ".", 1 to 64 characters')
    .default(DEFAULT_REDIS_NAMESPACE),
  ARTIFACT_ROOT: z.string().min(1).default('./var/artifacts'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'a size like 1mb or 512kb')
    .default('1mb'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  SQL_LOGGING: bool.default(false),
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  DATASET_UPLOAD_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb|gb)$/i, 'a size like 512mb or 2gb')
    .default('512mb'),
} as const;

export const SECRET_KEYS = ['DATABASE_URL', 'REDIS_URL'] as const;

type Env = z.infer<z.ZodObject<typeof CONFIG_KEYS>>;

/** The typed, nested configuration injected where needed. */
export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { host: string; port: number; bodyLimit: string };
  grpc: { port: number };
  database: { url: string; poolSize: number; logging: boolean };
  redis: { url: string; namespace: string };
  artifacts: { root: string };
  log: { level: Env['LOG_LEVEL'] };
  shutdownGraceMs: number;
  jobs: { maxAttempts: number; schedulerIntervalMs: number };
  datasets: { uploadLimitBytes: number };
}

const SIZE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

/** `512mb` -> bytes (binary units, as body-parser reads BODY_LIMIT). */
export function parseSize(size: string): number {
  const match = /^(\d+)(b|kb|mb|gb)$/i.exec(size);
  if (!match) throw new Error(`not a size: ${size}`);
  return Number(match[1]) * SIZE_UNITS[match[2].toLowerCase() as keyof typeof SIZE_UNITS];
}

/** Parses the environment; throws a ConfigError naming every bad key. The one place that reads env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const e = parseEnv(CONFIG_KEYS, env, SECRET_KEYS);
  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, bodyLimit: e.BODY_LIMIT },
    grpc: { port: e.GRPC_PORT },
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, logging: e.SQL_LOGGING },
    redis: { url: e.REDIS_URL, namespace: e.REDIS_NAMESPACE },
    artifacts: { root: e.ARTIFACT_ROOT },
    log: { level: e.LOG_LEVEL },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    jobs: { maxAttempts: e.JOB_MAX_ATTEMPTS, schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS },
    datasets: { uploadLimitBytes: parseSize(e.DATASET_UPLOAD_LIMIT) },
  };
}
