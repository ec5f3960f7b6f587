import { corsOriginsSchema, parseEnv } from '@alloy/runtime';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

/** Every environment key the model server reads, with its default. Secrets are marked. */
export const CONFIG_KEYS = {
  /** Loopback unless set: 0.0.0.0 (containers) opens it to the network, and says so at start. */
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8080),
  GRPC_PORT: port.default(50061),
  /** Browser origins allowed by CORS (comma-separated, exact); none by default. */
  CORS_ORIGINS: corsOriginsSchema,
  /**
   * Largest JSON body and gRPC message (413 / RESOURCE_EXHAUSTED above): room for a prompt well
   * beyond MAX_PROMPT_CHARS, so that an over-long one is answered 400 naming its field.
   */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/i, 'a size like 8mb or 512kb')
    .default('8mb'),
  /** Characters a prompt (or all messages together) may have; checked before tokenising. */
  MAX_PROMPT_CHARS: z.coerce.number().int().min(1).max(100_000_000).default(200_000),
  /** Endpoints answered without an API key: any of probes (/healthz, /readyz), metrics. */
  PUBLIC_ENDPOINTS: z
    .string()
    .default('probes')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['probes', 'metrics']))),
  /** secret: where per-key request rates and token quotas are counted (none without it). */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default('alloy'),
  /** Requests per minute per API key (0: unlimited). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Generated tokens per day per API key (0: unlimited). */
  TOKEN_QUOTA_PER_DAY: z.coerce.number().int().min(0).default(0),
  /** Streaming responses one API key may have open at once on this server (0: unlimited). */
  MAX_STREAMS_PER_KEY: z.coerce.number().int().min(0).max(10_000).default(8),
  /** secret */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgres://postgres@127.0.0.1:5432/alloy'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  ARTIFACT_ROOT: z.string().min(1).default('./var/artifacts'),
  MEMORY_BUDGET_MB: z.coerce.number().int().min(1).default(4096),
  INTRA_OP_THREADS: z.coerce.number().int().min(0).max(256).default(2),
  /** Worker threads that tokenise prompts off the event loop (0: on it). */
  TOKENIZER_THREADS: z.coerce.number().int().min(0).max(64).default(2),
  MODEL_VARIANT: z.enum(['fp32', 'fp16', 'int8', 'int4']).default('fp32'),
  MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(256).default(16),
  MAX_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
  DEPLOYMENT_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
} as const;

export const SECRET_KEYS = ['DATABASE_URL', 'REDIS_URL'] as const;

type Env = z.infer<z.ZodObject<typeof CONFIG_KEYS>>;

/** The typed, nested configuration injected where needed. */
export interface ServerConfig {
  http: { host: string; port: number; corsOrigins: string[]; bodyLimitBytes: number };
  grpc: { port: number };
  database: { url: string; poolSize: number };
  artifacts: { root: string };
  engine: {
    memoryBudgetBytes: number;
    intraOpThreads: number;
    variant: Env['MODEL_VARIANT'];
    maxBatchSize: number;
    maxQueue: number;
    tokenizerThreads: number;
  };
  /** What a request may ask for, checked before any work is done for it. */
  limits: {
    maxPromptChars: number;
    maxStreamsPerKey: number;
    perKey: {
      redisUrl: string | null;
      redisNamespace: string;
      requestsPerMinute: number;
      tokensPerDay: number;
    };
  };
  auth: { publicEndpoints: ('probes' | 'metrics')[] };
  deployments: { pollMs: number };
  log: { level: Env['LOG_LEVEL'] };
  shutdownGraceMs: number;
}

/** Parses the environment; throws a ConfigError naming every bad key. The one place that reads env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const e = parseEnv(CONFIG_KEYS, env, SECRET_KEYS);
  return {
    http: {
      host: e.HOST,
      port: e.PORT,
      corsOrigins: e.CORS_ORIGINS,
      bodyLimitBytes: sizeInBytes(e.BODY_LIMIT),
    },
    grpc: { port: e.GRPC_PORT },
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE },
    artifacts: { root: e.ARTIFACT_ROOT },
    engine: {
      memoryBudgetBytes: e.MEMORY_BUDGET_MB * 1024 * 1024,
      intraOpThreads: e.INTRA_OP_THREADS,
      variant: e.MODEL_VARIANT,
      maxBatchSize: e.MAX_BATCH_SIZE,
      maxQueue: e.MAX_QUEUE,
      tokenizerThreads: e.TOKENIZER_THREADS,
    },
    limits: {
      maxPromptChars: e.MAX_PROMPT_CHARS,
      maxStreamsPerKey: e.MAX_STREAMS_PER_KEY,
      perKey: {
        redisUrl: e.REDIS_URL ?? null,
        redisNamespace: e.REDIS_NAMESPACE,
        requestsPerMinute: e.RATE_LIMIT_PER_MINUTE,
        tokensPerDay: e.TOKEN_QUOTA_PER_DAY,
      },
    },
    auth: { publicEndpoints: e.PUBLIC_ENDPOINTS },
    deployments: { pollMs: e.DEPLOYMENT_POLL_MS },
    log: { level: e.LOG_LEVEL },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}

/** `8mb` -> bytes, in binary units as body-parser reads them. */
function sizeInBytes(size: string): number {
  const [, digits, unit] = /^(\d+)(kb|mb)$/i.exec(size)!;
  return Number(digits) * (unit.toLowerCase() === 'mb' ? 1024 ** 2 : 1024);
}
