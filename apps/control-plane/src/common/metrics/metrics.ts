import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry for the process. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'alloy_control_plane_' });

const requestDuration = new Histogram({
  name: 'alloy_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const grpcCalls = new Counter({
  name: 'alloy_grpc_calls_total',
  help: 'gRPC calls by method and status code',
  labelNames: ['method', 'code'] as const,
  registers: [metricsRegistry],
});

/** Records request duration; labels by route pattern (not raw URL) to keep cardinality bounded. */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const end = requestDuration.startTimer();
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    end({
      method: req.method,
      route: route ? `${req.baseUrl}${route}` : 'unmatched',
      status: res.statusCode,
    });
  });
  next();
}

/** Failures of plugin hooks run by the control plane (ingestion), by plugin, hook and kind. */
export const pluginFailures = new Counter({
  name: 'alloy_plugin_failures_total',
  help: 'Plugin hook failures (threw, timeout, crashed, memory, invalid) by plugin and hook',
  labelNames: ['plugin', 'hook', 'kind'] as const,
  registers: [metricsRegistry],
});
