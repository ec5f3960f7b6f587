import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import pinoHttp from 'pino-http';
import { AppModule } from './app.module';
import { auditInferenceRequests } from './audit/audit-http';
import { InferenceAuditWriter } from './audit/inference-audit.writer';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { ServingError } from './common/serving-error';
import {
  PinoNestLogger,
  corsOptions,
  createServiceLogger,
  refuseCrossSiteRequests,
  securityHeaders,
} from '@alloy/runtime';
import type { ServerConfig } from './config/server-config';
import { InferenceGrpcServer } from './grpc/inference.grpc-server';

export interface ModelServer {
  app: INestApplication;
  logger: Logger;
  grpc: InferenceGrpcServer;
}

/** Builds the model server (HTTP app; the gRPC server starts with it) without listening. */
export async function createModelServer(config: ServerConfig): Promise<ModelServer> {
  const logger = createServiceLogger('model-server', config.log.level);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    forceCloseConnections: true,
  });
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') },
      // 503 is the expected answer while a version warms up or the queue is full: not an error.
      customLogLevel: (_req, res, err) =>
        res.statusCode === 503
          ? 'warn'
          : err || res.statusCode >= 500
            ? 'error'
            : res.statusCode >= 400
              ? 'warn'
              : 'info',
    }),
  );
  app.use(auditInferenceRequests(app.get(InferenceAuditWriter)));
  app.use(securityHeaders());
  const cors = corsOptions(config.http.corsOrigins);
  if (cors) app.enableCors(cors);
  app.use(
    refuseCrossSiteRequests(
      config.http.corsOrigins,
      (reason) => new ServingError(403, 'CROSS_SITE_REQUEST_REFUSED', reason),
    ),
  );
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  return { app, logger, grpc: app.get(InferenceGrpcServer) };
}
