import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp, createFastifyAdapter } from './app.setup';
import { ShutdownState } from './common/lifecycle/shutdown-state';
import { AppLogger } from './common/logging/app-logger';
import { AppConfig } from './config/app-config';
import { loadAppConfig } from './config/app-config.module';
import { ConfigValidationError } from './config/validate-environment';

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config),
    createFastifyAdapter(config),
    { ...APP_OPTIONS, logger: new AppLogger(config) },
  );
  await configureApp(app, config);
  handleSignals(app, config);

  await app.listen(config.http.port, config.http.host).catch((error) => {
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? new StartupError(
          `Port ${config.http.port} on ${config.http.host} is already in ` +
            'use; stop the process holding it, or set PORT (and HOST)',
        )
      : error;
  });
  new Logger('Bootstrap').log(
    `Listening on ${config.http.host}:${config.http.port}`,
  );
}

/**
 * SIGTERM/SIGINT: readiness turns 503 first, then (after
 * SHUTDOWN_DELAY_MS) the server stops taking requests, lets in-flight
 * ones finish, flushes pending writes and closes its connections.
 */
function handleSignals(app: NestFastifyApplication, config: AppConfig): void {
  const logger = new Logger('Shutdown');
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    logger.log(`${signal} received; readiness is now 503`);
    app.get(ShutdownState).begin();
    await sleep(config.shutdown.delayMs);
    await app.close();
    logger.log('Stopped cleanly');
    process.exit(0);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => {
      stop(received).catch((error: unknown) => {
        logger.error('Shutdown failed', (error as Error).stack);
        process.exit(1);
      });
    });
  }
}

/** A start-up failure whose message says all; printed without a stack. */
class StartupError extends Error {}

bootstrap().catch((error: unknown) => {
  // A configuration error is already a readable list; others keep a stack.
  const text =
    error instanceof ConfigValidationError || error instanceof StartupError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(text);
  process.exit(1);
});
