import { corsOriginsSchema, parseEnv } from '@alloy/runtime';
import {
  DEFAULT_MAX_MODEL_PARAMETERS,
  DEFAULT_REDIS_NAMESPACE,
  REDIS_NAMESPACE_PATTERN,
} from '@alloy/contracts';
import { z } from 'zod';
import { PUBLIC_ENDPOINTS, type PublicEndpoint } from '../auth/auth.decorators';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every environment key the control plane reads, with its default. Secrets are marked. */
export const CONFIG_KEYS = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Loopback unless set: 0.0.0.0 (containers) opens it to the network, and says so at start. */
  HOST: z.string().min(1).default('127.0.0.1'),
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
  /** Browser origins allowed by CORS (comma-separated, exact); none by default. */
  CORS_ORIGINS: corsOriginsSchema,
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
  /** All uploads of one organisation together (the raw bytes its dataset versions received). */
  DATASET_ORG_QUOTA: z
    .string()
    .regex(/^\d+(b|kb|mb|gb|tb)$/i, 'a size like 50gb or 2tb')
    .default('100gb'),
  /** Largest parameter count a base model may declare (config.json or safetensors headers). */
  BASE_MODEL_MAX_PARAMETERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .default(DEFAULT_MAX_MODEL_PARAMETERS),
  /** Hours a dataset's raw upload is kept after ingestion; 0 deletes it as soon as it is done. */
  DATASET_RAW_RETENTION_HOURS: z.coerce.number().min(0).max(720).default(0),
  /** Days the model servers' inference_audit rows are kept before a sweep deletes them. */
  INFERENCE_AUDIT_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(30),
  /** Endpoints answered without credentials: any of probes (/healthz, /readyz), metrics, docs. */
  PUBLIC_ENDPOINTS: z
    .string()
    .default('probes,docs')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(PUBLIC_ENDPOINTS))),
  /** Requests per minute per API key or session (0: unlimited). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  /** secret: signs queue payloads and derives each worker's signing key; Redis never sees it. */
  SIGNING_SECRET: z.string().min(32, 'at least 32 characters (e.g. openssl rand -base64 48)'),
  /** The first admin, created at first start when the installation has no user yet. */
  BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
  /** secret */
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
  /** secret: an `alloy_ak_...` token to register as the first admin's API key. */
  BOOTSTRAP_ADMIN_API_KEY: z
    .string()
    .regex(/^alloy_ak_[a-z2-7]{16}_[A-Za-z0-9_-]{43}$/, 'an alloy_ak_ token')
    .optional(),
  SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(720).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().min(1).max(43_200).default(60),
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  SIGN_IN_LOCKOUT_MINUTES: z.coerce.number().min(0.01).max(1440).default(15),
  /**
   * Files of trusted plugin publishers' ed25519 public keys (PEM), comma-separated. When set, only
   * plugin packages signed by one of them install; when empty, unsigned packages install too.
   */
  PLUGIN_TRUSTED_KEYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** The console's built files (npm run build:console); the console is served when they exist. */
  CONSOLE_DIR: z.string().min(1).optional(),
  /** The model server's URL as browsers reach it: the console's playground calls it. */
  CONSOLE_INFERENCE_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  PLUGIN_UPLOAD_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'a size like 20mb or 512kb')
    .default('20mb'),
} as const;

export const SECRET_KEYS = [
  'DATABASE_URL',
  'REDIS_URL',
  'SIGNING_SECRET',
  'BOOTSTRAP_ADMIN_PASSWORD',
  'BOOTSTRAP_ADMIN_API_KEY',
] as const;

type Env = z.infer<z.ZodObject<typeof CONFIG_KEYS>>;

/** The typed, nested configuration injected where needed. */
export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { host: string; port: number; bodyLimit: string; corsOrigins: string[] };
  grpc: { port: number };
  database: { url: string; poolSize: number; logging: boolean };
  redis: { url: string; namespace: string };
  artifacts: { root: string };
  log: { level: Env['LOG_LEVEL'] };
  shutdownGraceMs: number;
  jobs: { maxAttempts: number; schedulerIntervalMs: number };
  datasets: { uploadLimitBytes: number; orgQuotaBytes: number; rawRetentionMs: number };
  inferenceAudit: { retentionMs: number };
  baseModels: { maxParameters: number };
  plugins: { trustedKeyFiles: string[]; uploadLimitBytes: number };
  console: { dir: string | null; inferenceUrl: string | null };
  auth: {
    publicEndpoints: PublicEndpoint[];
    rateLimitPerMinute: number;
    signingSecret: string;
    bootstrapAdmin: { email: string; password?: string; apiKey?: string } | null;
    sessionTtlMs: number;
    sessionIdleMs: number;
    signInMaxFailures: number;
    signInLockoutMs: number;
  };
}

const SIZE_UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 } as const;

/** `512mb` -> bytes (binary units, as body-parser reads BODY_LIMIT). */
export function parseSize(size: string): number {
  const match = /^(\d+)(b|kb|mb|gb|tb)$/i.exec(size);
  if (!match) throw new Error(`not a size: ${size}`);
  return Number(match[1]) * SIZE_UNITS[match[2].toLowerCase() as keyof typeof SIZE_UNITS];
}

/** Parses the environment; throws a ConfigError naming every bad key. The one place that reads env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const e = parseEnv(CONFIG_KEYS, env, SECRET_KEYS);
  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT, bodyLimit: e.BODY_LIMIT, corsOrigins: e.CORS_ORIGINS },
    grpc: { port: e.GRPC_PORT },
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, logging: e.SQL_LOGGING },
    redis: { url: e.REDIS_URL, namespace: e.REDIS_NAMESPACE },
    artifacts: { root: e.ARTIFACT_ROOT },
    log: { level: e.LOG_LEVEL },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    jobs: { maxAttempts: e.JOB_MAX_ATTEMPTS, schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS },
    datasets: {
      uploadLimitBytes: parseSize(e.DATASET_UPLOAD_LIMIT),
      orgQuotaBytes: parseSize(e.DATASET_ORG_QUOTA),
      rawRetentionMs: e.DATASET_RAW_RETENTION_HOURS * 3600_000,
    },
    baseModels: { maxParameters: e.BASE_MODEL_MAX_PARAMETERS },
    inferenceAudit: { retentionMs: e.INFERENCE_AUDIT_RETENTION_DAYS * 86_400_000 },
    console: { dir: e.CONSOLE_DIR ?? null, inferenceUrl: e.CONSOLE_INFERENCE_URL || null },
    plugins: {
      trustedKeyFiles: e.PLUGIN_TRUSTED_KEYS,
      uploadLimitBytes: parseSize(e.PLUGIN_UPLOAD_LIMIT),
    },
    auth: {
      publicEndpoints: e.PUBLIC_ENDPOINTS,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      signingSecret: e.SIGNING_SECRET,
      bootstrapAdmin: e.BOOTSTRAP_ADMIN_EMAIL
        ? {
            email: e.BOOTSTRAP_ADMIN_EMAIL,
            password: e.BOOTSTRAP_ADMIN_PASSWORD,
            apiKey: e.BOOTSTRAP_ADMIN_API_KEY,
          }
        : null,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
      sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
      signInMaxFailures: e.SIGN_IN_MAX_FAILURES,
      signInLockoutMs: e.SIGN_IN_LOCKOUT_MINUTES * 60_000,
    },
  };
}
