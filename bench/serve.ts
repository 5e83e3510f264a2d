import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AppModule } from '@/app.module';
import {
  APP_OPTIONS,
  configureApp,
  createFastifyAdapter,
} from '@/app.setup';
import { AppLogger } from '@/common/logging/app-logger';
import { loadAppConfig } from '@/config/app-config.module';
import { ConversationLog } from '@/conversation-log/conversation-log.store';
import { DiscardingConversationLog } from './discarding-conversation-log';

/**
 * The service as main.ts builds it, for one benchmark mode. Two bench-only
 * bindings, each off unless asked for:
 * - BENCH_DISCARD_LOG=1 binds a conversation log that keeps nothing;
 * - BENCH_BYPASS_RATE_LIMIT=1 lets every request past the rate limiter,
 *   to show what the limiter costs when all load comes from one client.
 */
async function main(): Promise<void> {
  const config = loadAppConfig();
  const builder = Test.createTestingModule({
    imports: [AppModule.register(config)],
  });
  if (process.env.BENCH_DISCARD_LOG === '1') {
    builder
      .overrideProvider(ConversationLog)
      .useValue(new DiscardingConversationLog());
  }

  if (process.env.BENCH_BYPASS_RATE_LIMIT === '1') {
    builder.overrideGuard(ThrottlerGuard).useValue({ canActivate: () => true });
  }

  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createFastifyAdapter(config),
    { ...APP_OPTIONS, logger: new AppLogger(config) },
  );
  await configureApp(app, config);
  await app.listen(config.http.port, config.http.host);
  process.stdout.write(`Listening on ${config.http.port}\n`);

  process.once('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
