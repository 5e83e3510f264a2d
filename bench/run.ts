import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, MongoTestServer } from '../test/support/mongo-test-server';
import { RedisTestServer } from '../test/support/redis-test-server';
import { measureStoreOps, OpsResult } from './store-ops';

/**
 * `npm run bench`: one run, one machine. Starts its own FerretDB and
 * redis-server, runs each service mode as its own process on its own
 * port, loads it with autocannon and writes docs/benchmarks.md.
 */

const ROOT = resolve(__dirname, '..');
const DOC = join(ROOT, 'docs', 'benchmarks.md');
const START_MARK = '<!-- bench:results:start -->';
const END_MARK = '<!-- bench:results:end -->';
const CONNECTIONS = [10, 50];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = 2;
const STORE_SECONDS = Number(process.env.BENCH_STORE_SECONDS ?? 3);
const SEEDED_SESSIONS = 500;
const API = '/api/jti';

interface Measured {
  label: string;
  connections: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
}

interface Service {
  url: string;
  stop(): Promise<void>;
}

type Env = Record<string, string>;

async function main(): Promise<void> {
  const begun = Date.now();
  const mongoServer = new MongoTestServer();
  const redisServer = new RedisTestServer();
  const logs = await mkdtemp(join(tmpdir(), 'jti-bench-'));
  const http: Measured[] = [];
  let ops: OpsResult[] = [];

  try {
    const mongoBase = await mongoServer.start();
    const redisUrl = await redisServer.start();
    const common: Env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      HOST: '127.0.0.1',
      RATE_LIMIT_SESSIONS_PER_MINUTE: '10000000',
      RATE_LIMIT_CHAT_PER_MINUTE: '10000000',
      CONVERSATION_LOG_DIR: join(logs, 'conversations'),
      LOG_SPOOL_DIR: join(logs, 'spool'),
    };
    const mongo = (db: string): Env => ({
      USE_MONGO_SESSION: 'true',
      USE_MONGO_LOGS: 'true',
      MONGODB_URI: databaseUri(mongoBase, db),
    });

    const bare = await startProcess(
      [join(ROOT, 'bench', 'bare-fastify.ts')],
      {},
    );
    await measureEach(http, 'bare Fastify (new UUID)', bare.url, '/uuid');
    await bare.stop();

    const modes: [string, Env][] = [
      ['memory', {}],
      ['MongoDB', mongo('bench_mongo')],
      [
        'MongoDB + Redis',
        {
          ...mongo('bench_redis'),
          USE_REDIS_CACHE: 'true',
          REDIS_URL: redisUrl,
        },
      ],
    ];
    for (const [name, env] of modes) {
      const service = await startService({ ...common, ...env });
      // Reads first: the test server scans every document per lookup, so
      // the sessions start_session adds would slow them down.
      const ids = await seedSessions(service.url, SEEDED_SESSIONS);
      await measureEach(
        http,
        `${name}: get_session`,
        service.url,
        (n) => `${API}/session/${ids[n % ids.length]}`,
      );
      await measureEach(
        http,
        `${name}: start_session`,
        service.url,
        `${API}/start_session`,
      );
      await service.stop();
    }

    const unlimited = await startService({
      ...common,
      BENCH_BYPASS_RATE_LIMIT: '1',
    });
    await measureEach(
      http,
      'memory: start_session, rate limiter bypassed',
      unlimited.url,
      `${API}/start_session`,
    );
    await unlimited.stop();

    for (const [name, sessionsInMongo, discard] of [
      ['MongoDB: chat turn, log on', true, false],
      ['MongoDB: chat turn, log off', true, true],
      ['memory sessions: chat turn, MongoDB log on', false, false],
      ['memory sessions: chat turn, log off', false, true],
    ] as const) {
      const service = await startService({
        ...common,
        ...mongo(`bench_chat_${sessionsInMongo}_${discard}`),
        ...(!sessionsInMongo && { USE_MONGO_SESSION: 'false' }),
        ...(discard && { BENCH_DISCARD_LOG: '1' }),
      });
      const ids = await seedSessions(service.url, SEEDED_SESSIONS);
      await measureEach(http, name, service.url, (n) => ({
        method: 'POST',
        path: `${API}/chat`,
        body: JSON.stringify({
          session_id: ids[n % ids.length],
          message: 'hello there',
        }),
      }));
      await service.stop();
    }

    for (const connections of CONNECTIONS) {
      ops = ops.concat(
        await measureStoreOps(
          databaseUri(mongoBase, `bench_ops_${connections}`),
          connections,
          STORE_SECONDS,
        ),
      );
    }
  } finally {
    await redisServer.stop().catch(() => undefined);
    await mongoServer.dispose();
    await rm(logs, { recursive: true, force: true });
  }

  const report = render(http, ops, (Date.now() - begun) / 1000);
  await writeReport(report);
  process.stdout.write(report + '\n');
}

type Target = string | ((n: number) => string | RequestSpec);

interface RequestSpec {
  method: string;
  path: string;
  body: string;
}

async function measureEach(
  into: Measured[],
  label: string,
  url: string,
  target: Target,
): Promise<void> {
  await load(url, target, CONNECTIONS[CONNECTIONS.length - 1], WARMUP_SECONDS);
  for (const connections of CONNECTIONS) {
    const measured = await load(url, target, connections, SECONDS);
    into.push({ label, connections, ...measured });
    process.stdout.write(
      `${label} @${connections}: ${Math.round(measured.rps)} req/s, ` +
        `p99 ${measured.p99} ms, failed ${measured.failed}\n`,
    );
  }
}

async function load(
  url: string,
  target: Target,
  connections: number,
  duration: number,
): Promise<Omit<Measured, 'label' | 'connections'>> {
  let n = 0;
  const next = (): RequestSpec => {
    const spec = typeof target === 'string' ? target : target(n++);
    return typeof spec === 'string'
      ? { method: 'GET', path: spec, body: '' }
      : spec;
  };
  const times: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration,
    timeout: 10,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const spec = next();
          return {
            ...request,
            method: spec.method,
            path: spec.path,
            ...(spec.body && { body: spec.body }),
          };
        },
      },
    ],
  });
  instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  const result = await instance;
  times.sort((a, b) => a - b);

  return {
    rps: result.requests.total / result.duration,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const value =
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

  return Math.round(value * 100) / 100;
}

async function seedSessions(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let batch = 0; batch < count / 50; batch += 1) {
    const created = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const response = await fetch(`${url}${API}/start_session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"language":"en"}',
        });
        const body = (await response.json()) as { session_id: string };
        return body.session_id;
      }),
    );
    ids.push(...created);
  }

  return ids;
}

function startService(env: Env): Promise<Service> {
  return startProcess([join(ROOT, 'bench', 'serve.ts')], env);
}

/** A TypeScript entry point in its own Node process on a free port. */
async function startProcess(args: string[], env: Env): Promise<Service> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      ...args,
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await waitForListening(child);

  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function waitForListening(child: ChildProcess): Promise<void> {
  return new Promise((done, fail) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`Not listening after 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer): void => {
      output += String(chunk);
      if (output.includes('Listening on')) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.once('exit', (code) =>
      fail(new Error(`Exited with ${code} before listening:\n${output}`)),
    );
  });
}

function databaseUri(base: string, db: string): string {
  const url = new URL(base);
  url.pathname = `/${db}`;

  return url.toString();
}

function render(http: Measured[], ops: OpsResult[], seconds: number): string {
  const rps = (label: string, connections: number): number =>
    http.find((m) => m.label === label && m.connections === connections)?.rps ??
    NaN;
  const opsOf = (
    operation: string,
    implementation: string,
    concurrency: number,
  ): number =>
    ops.find(
      (o) =>
        o.operation === operation &&
        o.implementation === implementation &&
        o.concurrency === concurrency,
    )?.opsPerSecond ?? NaN;

  const failedOf = (
    operation: string,
    implementation: string,
    concurrency: number,
  ): number =>
    ops.find(
      (o) =>
        o.operation === operation &&
        o.implementation === implementation &&
        o.concurrency === concurrency,
    )?.failed ?? 0;

  const ratios: [string, string, number, number][] = [];
  for (const c of CONNECTIONS) {
    ratios.push([
      `memory start_session / bare Fastify @${c}`,
      '≥ 60%',
      rps('memory: start_session', c) / rps('bare Fastify (new UUID)', c),
      0.6,
    ]);
  }
  for (const c of CONNECTIONS) {
    for (const operation of ['create', 'get', 'answer']) {
      ratios.push([
        `MongoDB store ${operation} / raw driver @${c}`,
        '≥ 85%',
        opsOf(operation, 'store', c) / opsOf(operation, 'driver', c),
        0.85,
      ]);
    }
  }
  for (const c of CONNECTIONS) {
    ratios.push([
      `MongoDB + Redis get_session / memory get_session @${c}`,
      '≥ 80%',
      rps('MongoDB + Redis: get_session', c) / rps('memory: get_session', c),
      0.8,
    ]);
  }
  for (const c of CONNECTIONS) {
    ratios.push([
      `chat turn, log on / log off (MongoDB sessions) @${c}`,
      '≥ 90%',
      rps('MongoDB: chat turn, log on', c) /
        rps('MongoDB: chat turn, log off', c),
      0.9,
    ]);
  }
  for (const c of CONNECTIONS) {
    ratios.push([
      `chat turn, log on / log off (memory sessions) @${c}`,
      '≥ 90%',
      rps('memory sessions: chat turn, MongoDB log on', c) /
        rps('memory sessions: chat turn, log off', c),
      0.9,
    ]);
  }
  for (const c of CONNECTIONS) {
    ratios.push([
      `memory start_session, rate limiter bypassed / bare Fastify @${c}`,
      '(diagnostic)',
      rps('memory: start_session, rate limiter bypassed', c) /
        rps('bare Fastify (new UUID)', c),
      0.6,
    ]);
  }

  const cpu = cpus();
  const lines = [
    START_MARK,
    '',
    `Measured ${new Date().toISOString()} in ${Math.round(seconds)} s on ` +
      `${cpu[0]?.model ?? 'an unknown CPU'}, ${cpu.length} cores, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB memory, Node ${process.version}, ` +
      `${process.platform}/${process.arch}. Load: autocannon, ${SECONDS} s ` +
      `per row after a ${WARMUP_SECONDS} s warm-up; store rows: ` +
      `${STORE_SECONDS} s per row.`,
    '',
    '### Ratios',
    '',
    '| ratio | target | measured | holds |',
    '| --- | --- | --- | --- |',
    ...ratios.map(
      ([name, target, value, min]) =>
        `| ${name} | ${target} | ${(value * 100).toFixed(1)}% | ` +
        `${value >= min ? 'yes' : 'no'} |`,
    ),
    '',
    '### HTTP',
    '',
    '| what | connections | req/s | p50 ms | p95 ms | p99 ms | failed |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...http.map(
      (m) =>
        `| ${m.label} | ${m.connections} | ${Math.round(m.rps)} | ${m.p50} | ` +
        `${m.p95} | ${m.p99} | ${m.failed} |`,
    ),
    '',
    '### Store operations',
    '',
    '| operation | concurrency | raw driver ops/s | MongoSessionStore ops/s | failed (driver / store) |',
    '| --- | --- | --- | --- | --- |',
    ...CONNECTIONS.flatMap((c) =>
      ['create', 'get', 'answer'].map(
        (operation) =>
          `| ${operation} | ${c} | ${Math.round(opsOf(operation, 'driver', c))} | ` +
          `${Math.round(opsOf(operation, 'store', c))} | ` +
          `${failedOf(operation, 'driver', c)} / ${failedOf(operation, 'store', c)} |`,
      ),
    ),
    '',
    END_MARK,
  ];

  return lines.join('\n');
}

/** Replaces the generated part of docs/benchmarks.md, keeping the prose. */
async function writeReport(report: string): Promise<void> {
  const current = await readFile(DOC, 'utf8').catch(() => '');
  const start = current.indexOf(START_MARK);
  const end = current.indexOf(END_MARK);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + report + current.slice(end + END_MARK.length)
      : `# Benchmarks\n\n${report}\n`;

  await writeFile(DOC, next);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
