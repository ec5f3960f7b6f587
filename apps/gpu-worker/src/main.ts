import { ConfigError } from '@alloy/runtime';
import { loadConfig } from './config/worker-config';
import { createServiceLogger } from '@alloy/runtime';
import { WorkerApp } from './worker/worker.app';

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
  const logger = createServiceLogger('gpu-worker', config.log.level, { workerId: config.workerId });
  const app = new WorkerApp(config, logger, () => process.exit(0));
  await app.start();

  const shutdown = (signal: string) => {
    // Trainers get the cancel grace to checkpoint; past that and a margin, stop hard.
    setTimeout(() => process.exit(1), config.cancelGraceMs + 30_000).unref();
    app.stop(signal).then(
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
