import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoTestServer } from '../support/mongo-test-server';
import { RedisTestServer } from '../support/redis-test-server';
import { FigureBook } from './figure-book';
import { ReliabilityContext } from './reliability-context';
import { SETTINGS } from './reliability.settings';
import { runConcurrencyScenario } from './scenarios/concurrency.scenario';
import { runLoadScenario } from './scenarios/load.scenario';
import { runMongoOutageScenario } from './scenarios/mongo-outage.scenario';
import { runRedisOutageScenario } from './scenarios/redis-outage.scenario';
import { runRedisPartitionScenario } from './scenarios/redis-partition.scenario';
import { runSigtermScenario } from './scenarios/sigterm.scenario';
import { runSlowStoreScenario } from './scenarios/slow-store.scenario';
import { runTwoInstancesScenario } from './scenarios/two-instances.scenario';
import { ServiceBuild } from './service-process';

type Scenario = [name: string, run: (ctx: ReliabilityContext) => Promise<void>];

const SCENARIOS: Scenario[] = [
  ['load', runLoadScenario],
  ['mongo-outage', runMongoOutageScenario],
  ['redis-outage', runRedisOutageScenario],
  ['sigterm', runSigtermScenario],
  ['concurrency', runConcurrencyScenario],
  ['two-instances', runTwoInstancesScenario],
  ['slow-store', runSlowStoreScenario],
  ['redis-partition', runRedisPartitionScenario],
];

/** Folders removed when the runner exits, even on Ctrl-C. */
const leftovers = new Set<string>();
process.on('exit', () => {
  for (const directory of leftovers) {
    rmSync(directory, { recursive: true, force: true });
  }
});
// Servers and service children are killed by their own exit hooks.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

/**
 * `npm run test:reliability`: builds the service, starts a private
 * FerretDB and redis-server on 127.0.0.1, runs each scenario against real
 * service processes, prints every figure and a table of them all, and
 * exits 1 when any figure misses its bound.
 */
async function main(): Promise<number> {
  const begun = Date.now();
  const only = selectedScenarios();
  const figures = new FigureBook();
  const workRoot = await mkdtemp(join(tmpdir(), 'jti-reliability-'));
  leftovers.add(workRoot);
  // The suite stops Redis on purpose, so it never uses a shared one.
  delete process.env.REDIS_URL;
  // Where Go usually is, should the test server need building.
  process.env.PATH = `${process.env.PATH ?? ''}:/usr/local/go/bin`;
  const mongo = new MongoTestServer();
  const redis = new RedisTestServer();
  let build: ServiceBuild | undefined;
  let ctx: ReliabilityContext | undefined;

  try {
    console.log('Building the service and the test servers');
    const prebuilt = process.env.RELIABILITY_SERVICE_ENTRY;
    [build] = await Promise.all([
      prebuilt ? ServiceBuild.existing(prebuilt) : ServiceBuild.create(),
      MongoTestServer.build(),
    ]);
    if (build.directory) leftovers.add(build.directory);
    await Promise.all([mongo.start(), redis.start()]);
    console.log(`Settings: ${JSON.stringify(SETTINGS)}`);
    ctx = new ReliabilityContext(
      build,
      mongo,
      redis,
      figures,
      SETTINGS,
      workRoot,
    );

    for (const [name, run] of SCENARIOS) {
      if (only && !only.includes(name)) continue;
      const started = Date.now();
      console.log(`\n== ${name}`);
      try {
        await run(ctx);
      } catch (error) {
        figures.crashed(name, error);
        console.error((error as Error).stack ?? error);
      } finally {
        await ctx.stopServices();
        await mongo.start().catch(() => undefined);
        await redis.start().catch(() => undefined);
      }
      figures.info(name, 'scenario seconds', seconds(started));
    }
  } catch (error) {
    figures.crashed('setup', error);
    console.error((error as Error).stack ?? error);
  } finally {
    await ctx?.stopServices();
    await redis.stop().catch(() => undefined);
    await mongo.dispose().catch(() => undefined);
    await build?.dispose();
    if (process.env.RELIABILITY_KEEP_FILES) {
      console.log(`Kept ${workRoot}`);
      leftovers.delete(workRoot);
    } else {
      await rm(workRoot, { recursive: true, force: true });
    }
  }

  console.log(`\n${figures.render()}\n`);
  console.log(`Wall time: ${seconds(begun)} s`);
  console.log(
    `reliability: ${figures.passed} passed, ${figures.failed} failed`,
  );

  return figures.failed > 0 ? 1 : 0;
}

/** RELIABILITY_ONLY=load,sigterm runs those scenarios alone. */
function selectedScenarios(): string[] | undefined {
  const names = process.env.RELIABILITY_ONLY?.split(',').filter(Boolean);
  const known = SCENARIOS.map(([name]) => name);
  const unknown = names?.filter((name) => !known.includes(name)) ?? [];
  if (unknown.length > 0) {
    throw new Error(
      `Unknown scenario ${unknown.join(', ')}; known: ${known.join(', ')}`,
    );
  }

  return names;
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
