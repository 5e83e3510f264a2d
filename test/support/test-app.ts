import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '@/app.module';
import { APP_OPTIONS, configureApp, createFastifyAdapter } from '@/app.setup';
import { Clock } from '@/common/clock/clock';
import { loadAppConfig } from '@/config/app-config.module';
import { FakeClock } from './fake-clock';
import { testMongoUri } from './test-env';

export interface TestAppOptions {
  /** Variables on top of the test defaults. */
  env?: Record<string, string | undefined>;
  /** Use MongoDB for sessions and/or logs (a fresh database each app). */
  mongoSession?: boolean;
  mongoLogs?: boolean;
  /** A clock to share across apps, e.g. around a restart. */
  clock?: FakeClock;
}

export interface TestApp {
  app: NestFastifyApplication;
  clock: FakeClock;
  env: Record<string, string | undefined>;
  close(): Promise<void>;
}

export const TEST_ADMIN_KEY = 'test-admin-key-123';

/**
 * Log and spool folders made for this test file's apps. Tests may hand
 * one app's folder to the next, so they go when the whole file is done.
 */
const madeFolders: string[] = [];
afterAll(async () => {
  await Promise.all(
    madeFolders.splice(0).map((folder) =>
      rm(folder, { recursive: true, force: true }),
    ),
  );
});

function madeFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  madeFolders.push(folder);

  return folder;
}

/** The whole service in-process, on a fake clock, ready for supertest. */
export async function createTestApp(
  options: TestAppOptions = {},
): Promise<TestApp> {
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    CONVERSATION_LOG_DIR: madeFolder('jti-logs-'),
    LOG_SPOOL_DIR: madeFolder('jti-spool-'),
    USE_MONGO_SESSION: String(!!options.mongoSession),
    USE_MONGO_LOGS: String(!!options.mongoLogs),
    MONGODB_URI:
      options.mongoSession || options.mongoLogs ? testMongoUri() : undefined,
    MONGO_MIN_POOL_SIZE: '0',
    ...options.env,
  };
  const config = loadAppConfig({ env });
  const clock = options.clock ?? new FakeClock();

  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config)],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  moduleRef.useLogger(['error']);

  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createFastifyAdapter(config),
    APP_OPTIONS,
  );
  await configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  return { app, clock, env, close: () => app.close() };
}
