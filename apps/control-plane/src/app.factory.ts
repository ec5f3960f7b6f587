import { HttpStatus, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { ApiError } from './common/errors/api-error';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { RefuseNulPipe } from './common/http/refuse-nul.pipe';
import { createValidationPipe } from './common/http/validation';
import {
  PinoNestLogger,
  corsOptions,
  createServiceLogger,
  hostPort,
  refuseCrossSiteRequests,
  securityHeaders,
} from '@alloy/runtime';
import { requestLogging } from './common/logging/request-logging';
import { httpMetrics } from './common/metrics/metrics';
import type { AppConfig } from './config/app-config';
import { registryGrpcOptions } from './grpc/grpc-options';
import { setupOpenApi } from './openapi/openapi';
import { guardDocs } from './auth/docs-access';
import { CONSOLE_PATH, consoleDir, originOf, serveConsole } from './console/serve-console';

export const API_PREFIX = 'api/v1';

/** REST lives under /api/v1; probes and metrics stay at the root where orchestrators look. */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['healthz', 'readyz', 'metrics'] });
}

export interface ControlPlane {
  app: INestApplication;
  logger: Logger;
}

/** Builds the HTTP + gRPC application without listening (tests and main share it). */
export async function createControlPlane(config: AppConfig): Promise<ControlPlane> {
  const logger = createServiceLogger('control-plane', config.log.level);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
    // Parsers are added below with the configured limit (Nest's default is 100 kB and not configurable otherwise).
    bodyParser: false,
    forceCloseConnections: true,
  });
  app.disable('x-powered-by');
  app.use(requestLogging(logger));
  app.use(httpMetrics);
  const console = consoleDir(config);
  app.use(
    securityHeaders({
      htmlPaths: ['/docs', CONSOLE_PATH],
      connectOrigins: originOf(config.console.inferenceUrl),
    }),
  );
  const cors = corsOptions(config.http.corsOrigins);
  if (cors) app.enableCors(cors);
  // Before any body is read: a refused upload is never streamed to the artifact store.
  app.use(
    refuseCrossSiteRequests(
      config.http.corsOrigins,
      (reason) => new ApiError(HttpStatus.FORBIDDEN, 'CROSS_SITE_REQUEST_REFUSED', reason),
    ),
  );
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  applyGlobalPrefix(app);
  app.useGlobalPipes(new RefuseNulPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  if (!config.auth.publicEndpoints.includes('docs')) guardDocs(app);
  if (console) serveConsole(app, config, console);
  else logger.info('console not built (npm run build:console); serving the API only');
  setupOpenApi(app);
  app.connectMicroservice(registryGrpcOptions(hostPort(config.http.host, config.grpc.port)), {
    inheritAppConfig: true,
  });
  return { app, logger };
}
