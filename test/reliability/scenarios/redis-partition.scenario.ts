import { setTimeout as sleep } from 'node:timers/promises';
import { TcpProxy } from '../../support/tcp-proxy';
import { JtiClient, ok } from '../jti-client';
import { ReliabilityContext } from '../reliability-context';

const SCENARIO = 'redis-partition';
const SESSIONS = 10;
/** Lets the ioredis client of A notice the cut connection. */
const NOTICE_MS = 500;
/** Writes through A per session while it cannot reach Redis. */
const ROUNDS = 3;

/**
 * Two instances on one MongoDB and one Redis, but A reaches Redis through
 * a proxy that is cut: A's writes cannot mark the cached copies, so A
 * announces a cache hold in MongoDB instead. No read through B may come
 * back older than what A acknowledged, neither while A is cut off nor
 * after it reaches Redis again.
 */
export async function runRedisPartitionScenario(
  ctx: ReliabilityContext,
): Promise<void> {
  const { figures } = ctx;
  const env = ctx.mongoEnv('reliability_redis_partition');
  const redisUrl = new URL(env.REDIS_URL);
  const proxy = new TcpProxy('127.0.0.1', Number(redisUrl.port));
  await proxy.start();

  try {
    const proxied = new URL(env.REDIS_URL);
    proxied.port = String(proxy.port);
    const [a, b] = await Promise.all([
      ctx.startService({
        name: 'partition-a',
        env: { ...env, REDIS_URL: proxied.toString() },
      }),
      ctx.startService({ name: 'partition-b', env }),
    ]);
    const writer = new JtiClient(a.url);
    const reader = new JtiClient(b.url);

    const ids: string[] = [];
    for (let n = 0; n < SESSIONS; n += 1) {
      const created = await writer.startSession();
      if (!ok(created) || !created.body) throw new Error('start failed');
      ids.push(created.body.session_id);
      await reader.getSession(created.body.session_id);
    }

    await proxy.cut();
    await sleep(NOTICE_MS);
    const acknowledged = new Map<string, number>();
    let stale = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const id of ids) {
        const written = await writer.chat(id, `hello partition ${round}`);
        if (!ok(written) || !written.body) {
          throw new Error(`write answered ${written.status}`);
        }
        const version = written.body.session.version;
        acknowledged.set(id, version);
        stale += await staleReads(reader, new Map([[id, version]]));
      }
    }
    await proxy.restore();
    await sleep(NOTICE_MS);
    const staleAfter = await staleReads(reader, acknowledged);

    figures.info(
      SCENARIO,
      'writes through A while A cannot reach Redis',
      ROUNDS * ids.length,
    );
    figures.equals(
      SCENARIO,
      'reads through B older than what A acknowledged',
      stale,
      0,
    );
    figures.equals(
      SCENARIO,
      'stale reads through B after A reaches Redis again',
      staleAfter,
      0,
    );
    await Promise.all([a.terminate(), b.terminate()]);
  } finally {
    await proxy.close();
  }
}

/** Sessions whose read through `client` is older than acknowledged. */
async function staleReads(
  client: JtiClient,
  acknowledged: Map<string, number>,
): Promise<number> {
  let stale = 0;
  for (const [id, version] of acknowledged) {
    const read = await client.getSession(id);
    if (!read.body || read.body.version < version) stale += 1;
  }

  return stale;
}
