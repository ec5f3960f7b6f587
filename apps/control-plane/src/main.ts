import 'reflect-metadata';
import { createControlPlane } from './app.factory';
import { ConfigError, warnIfNotLoopback } from '@alloy/runtime';
import { loadConfig } from './config/app-config';
import { setServing } from './grpc/grpc-options';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const { app, logger } = await createControlPlane(config);
  warnIfNotLoopback(logger, config.http.host);
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  setServing(true);
  logger.info({ http: await app.getUrl(), grpcPort: config.grpc.port }, 'control plane ready');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    setServing(false);
    // Hard stop if connections do not drain in time.
    setTimeout(() => process.exit(1), config.shutdownGraceMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
