import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry for the process. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'alloy_model_server_' });

const labelNames = ['model', 'api'] as const;

export const timeToFirstToken = new Histogram({
  name: 'alloy_inference_time_to_first_token_seconds',
  help: 'Time from request to the first generated token',
  labelNames,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const tokensPerSecond = new Histogram({
  name: 'alloy_inference_tokens_per_second',
  help: 'Decode speed of each request (generated tokens / generation time)',
  labelNames,
  buckets: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
  registers: [metricsRegistry],
});

export const generatedTokens = new Counter({
  name: 'alloy_inference_generated_tokens_total',
  help: 'Tokens generated',
  labelNames,
  registers: [metricsRegistry],
});

export const requestsTotal = new Counter({
  name: 'alloy_inference_requests_total',
  help: 'Generation requests by outcome',
  labelNames: ['model', 'api', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** Set from the engines on each scrape (see MetricsController). */
export const queueDepth = new Gauge({
  name: 'alloy_inference_queue_depth',
  help: 'Requests waiting for a batch row',
  labelNames: ['model'] as const,
  registers: [metricsRegistry],
});

export const batchSize = new Gauge({
  name: 'alloy_inference_batch_size',
  help: 'Rows in the running decode batch',
  labelNames: ['model'] as const,
  registers: [metricsRegistry],
});

export const loadedModels = new Gauge({
  name: 'alloy_inference_loaded_models',
  help: 'Model versions loaded in this process',
  registers: [metricsRegistry],
});

export const loadedModelBytes = new Gauge({
  name: 'alloy_inference_loaded_model_bytes',
  help: 'Bytes of model files loaded',
  registers: [metricsRegistry],
});

/** Failures of plugin hooks on inference requests, by plugin, hook and kind. */
export const pluginFailures = new Counter({
  name: 'alloy_plugin_failures_total',
  help: 'Plugin hook failures (threw, timeout, crashed, memory, invalid) by plugin and hook',
  labelNames: ['plugin', 'hook', 'kind'] as const,
  registers: [metricsRegistry],
});
