import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createFastifyAdapter } from './app.setup';
import { ConfigValidationError } from './config/validate-environment';
import { loadAppConfig } from './config/app-config.module';

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config),
    createFastifyAdapter(config),
    { bufferLogs: true },
  );
  configureApp(app);
  app.enableShutdownHooks();

  await app.listen(config.http.port, config.http.host);
  new Logger('Bootstrap').log(
    `Listening on ${config.http.host}:${config.http.port}`,
  );
}

bootstrap().catch((error: unknown) => {
  // Configuration errors are already a readable list; anything else
  // keeps its stack.
  const text =
    error instanceof ConfigValidationError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(text);
  process.exit(1);
});
