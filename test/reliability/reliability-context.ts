import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MongoTestServer } from '../support/mongo-test-server';
import { RedisTestServer } from '../support/redis-test-server';
import { FigureBook } from './figure-book';
import { ReliabilitySettings } from './reliability.settings';
import {
  ServiceBuild,
  ServiceOptions,
  ServiceProcess,
} from './service-process';

/**
 * What every scenario shares: the build, the private FerretDB and Redis
 * servers, the figures, and a temp folder. Instances started through it
 * are stopped by the runner even when a scenario fails.
 */
export class ReliabilityContext {
  private readonly started = new Set<ServiceProcess>();
  private nextRedisDb = 1;

  constructor(
    readonly build: ServiceBuild,
    readonly mongo: MongoTestServer,
    readonly redis: RedisTestServer,
    readonly figures: FigureBook,
    readonly settings: ReliabilitySettings,
    private readonly workRoot: string,
  ) {}

  /**
   * Variables for MongoDB sessions and logs behind the Redis cache, on a
   * database and a Redis database of their own.
   */
  mongoEnv(database: string): Record<string, string> {
    const uri = new URL(this.mongo.uri);
    uri.pathname = `/${database}`;
    // Redis has sixteen databases by default; sharing one after they run
    // out is harmless, since session ids never repeat.
    const redisDb = this.nextRedisDb++ % 16;

    return {
      USE_MONGO_SESSION: 'true',
      USE_MONGO_LOGS: 'true',
      USE_REDIS_CACHE: 'true',
      MONGODB_URI: uri.toString(),
      REDIS_URL: `${this.redis.url}/${redisDb}`,
    };
  }

  /** A folder of its own for an instance's logs, spool and output. */
  async workDir(name: string): Promise<string> {
    const directory = join(this.workRoot, name);
    await mkdir(directory, { recursive: true });

    return directory;
  }

  /** Starts an instance that the runner stops if the scenario does not. */
  async startService(
    options: Omit<ServiceOptions, 'workDir'> & { workDir?: string },
  ): Promise<ServiceProcess> {
    const workDir = options.workDir ?? (await this.workDir(options.name));
    const service = await ServiceProcess.start(this.build, {
      ...options,
      workDir,
    });
    this.started.add(service);

    return service;
  }

  /** Stops every instance still running. */
  async stopServices(): Promise<void> {
    await Promise.all(
      [...this.started].map((service) =>
        service.dispose().catch(() => undefined),
      ),
    );
    this.started.clear();
  }
}
