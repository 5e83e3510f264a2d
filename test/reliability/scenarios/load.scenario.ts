import autocannon from 'autocannon';
import { percentile } from '../quiz-workload';
import { ReliabilityContext } from '../reliability-context';
import { ServiceProcess } from '../service-process';

const SCENARIO = 'load';
const API = '/api/jti';
const JSON_HEADERS = { 'content-type': 'application/json' };
const RSS_SAMPLE_MS = 1000;
const WINDOW_MS = 10_000;
/** Mixed load before the measured run, so start-up growth is not counted. */
const WARM_UP_SECONDS = 10;

/** A request sequence step, as autocannon runs it (its typings omit some). */
interface SequenceStep {
  method: 'GET' | 'POST' | 'DELETE';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (
    request: SequenceStep,
    context: LoadContext,
  ) => SequenceStep | null;
  onResponse?: (status: number, body: string, context: LoadContext) => void;
}

/** Per connection, reset whenever its sequence starts over. */
interface LoadContext {
  sessionId?: string;
  turns?: number;
}

type Options = Parameters<typeof autocannon>[0];
type Result = Awaited<ReturnType<typeof autocannon>> & { '5xx': number };

interface Fired {
  result: Result;
  total: number;
  /** Errors and timeouts: requests that got no HTTP answer. */
  failed: number;
  rps: number;
  /** p99 (ms) and non-2xx answers per WINDOW_MS of the run. */
  windows: { p99: number; failed: number }[];
}

/**
 * The mixed quiz workload at 50 connections while the service's RSS is
 * sampled every second, then 1,000 start_session at 10 connections, on
 * one instance in MongoDB mode with the Redis cache.
 */
export async function runLoadScenario(ctx: ReliabilityContext): Promise<void> {
  const { figures, settings } = ctx;
  const service = await ctx.startService({
    name: 'load',
    env: ctx.mongoEnv('reliability_load'),
  });
  const mixed = (seconds: number): Promise<Fired> =>
    fire({
      url: service.url,
      connections: 50,
      duration: seconds,
      ...(settings.loadRate > 0 && { overallRate: settings.loadRate }),
      requests: quizSequence(),
    });

  await mixed(WARM_UP_SECONDS);
  const rss = sampleRss(service);
  const run = await mixed(settings.loadSeconds);
  const samples = rss.stop();

  const pace = settings.loadRate > 0 ? `${settings.loadRate} req/s` : 'unpaced';
  figures.info(SCENARIO, 'mixed @50: pace', pace);
  figures.info(SCENARIO, 'mixed @50: requests', run.total);
  figures.info(
    SCENARIO,
    'mixed @50: p50 / p99 ms',
    `${run.result.latency.p50} / ${run.result.latency.p99}`,
  );
  figures.equals(SCENARIO, 'mixed @50: failed (no answer)', run.failed, 0);
  figures.equals(SCENARIO, 'mixed @50: 5xx', run.result['5xx'], 0);
  figures.equals(SCENARIO, 'mixed @50: non-2xx', run.result.non2xx, 0);
  console.log(
    '    p99 ms / non-2xx per 10 s: ' +
      run.windows.map((w) => `${Math.round(w.p99)}/${w.failed}`).join(' '),
  );

  const growth = rssGrowth(samples, settings.loadSeconds);
  console.log(`    RSS MiB every 5 s: ${growth.series.join(' ')}`);
  const windows = `first / last ${growth.window}`;
  figures.info(SCENARIO, `RSS mean, ${windows}, MiB`, growth.means);
  figures.info(SCENARIO, `RSS peak, ${windows}, MiB`, growth.peaks);
  figures.below(SCENARIO, 'RSS growth (peak to peak) %', growth.percent, 10);

  const starts = await fire({
    url: `${service.url}${API}/start_session`,
    connections: 10,
    amount: settings.startRequests,
    method: 'POST',
    headers: JSON_HEADERS,
    body: '{"language":"en"}',
  });
  figures.equals(
    SCENARIO,
    'start_session @10: answered',
    starts.total,
    settings.startRequests,
  );
  figures.equals(SCENARIO, 'start_session @10: failed', starts.failed, 0);
  figures.equals(
    SCENARIO,
    'start_session @10: non-2xx',
    starts.result.non2xx,
    0,
  );
  figures.info(SCENARIO, 'start_session @10: req/s', starts.rps);
  figures.info(
    SCENARIO,
    'start_session @10: p99 ms',
    starts.result.latency.p99,
  );

  const exit = await service.terminate();
  figures.equals(SCENARIO, 'exit code after SIGTERM', exit.code ?? -1, 0);
}

async function fire(
  options: Omit<Options, 'requests'> & {
    amount?: number;
    overallRate?: number;
    requests?: SequenceStep[];
  },
): Promise<Fired> {
  // Sequence steps take a context, which the local typings leave out.
  const instance = autocannon({ timeout: 10, ...options } as Options);
  const begun = Date.now();
  const windows: { times: number[]; failed: number }[] = [];
  instance.on('response', (_client, status, _bytes, ms) => {
    const index = Math.floor((Date.now() - begun) / WINDOW_MS);
    windows[index] ??= { times: [], failed: 0 };
    windows[index].times.push(ms);
    if (status < 200 || status >= 300) windows[index].failed += 1;
  });
  const result = (await instance) as Result;

  return {
    result,
    total: result.requests.total,
    failed: result.errors,
    rps: Math.round(result.requests.total / result.duration),
    windows: Array.from(windows, (window) => ({
      p99: percentile(
        (window?.times ?? []).sort((a, b) => a - b),
        0.99,
      ),
      failed: window?.failed ?? 0,
    })),
  };
}

/**
 * One quiz per round on each connection: a new session, the quiz started
 * by chat, five answers by button with small talk and reads in between,
 * and the session closed at the end. Closing keeps the live sessions near
 * the connection count: the test server's findAndModify reads the whole
 * collection, so an ever-growing one would measure FerretDB, not us.
 */
function quizSequence(): SequenceStep[] {
  const onSession =
    (
      method: SequenceStep['method'],
      path: (sessionId: string) => string,
      body?: (sessionId: string, context: LoadContext) => object,
    ) =>
    (): SequenceStep => ({
      method,
      setupRequest: (request, context) => {
        const sessionId = context.sessionId;
        if (!sessionId) return null;

        return {
          ...request,
          path: API + path(sessionId),
          headers: body ? JSON_HEADERS : {},
          body: body ? JSON.stringify(body(sessionId, context)) : undefined,
        };
      },
    });
  const chat = (text: (turn: number) => string): SequenceStep =>
    onSession(
      'POST',
      () => '/chat',
      (session_id, context) => {
        context.turns = (context.turns ?? 0) + 1;
        return { session_id, message: text(context.turns) };
      },
    )();
  const answer = (option_id: string): SequenceStep =>
    onSession(
      'POST',
      () => '/quiz/answer',
      (session_id) => ({
        session_id,
        option_id,
      }),
    )();
  const read = onSession('GET', (id) => `/session/${id}`);
  const close = onSession('DELETE', (id) => `/session/${id}`);

  return [
    {
      method: 'POST',
      path: `${API}/start_session`,
      headers: JSON_HEADERS,
      body: '{"language":"en"}',
      onResponse: (status, body, context) => {
        if (status !== 201) return;
        context.sessionId = (
          JSON.parse(body) as { session_id: string }
        ).session_id;
      },
    },
    chat(() => 'start'),
    read(),
    answer('A'),
    chat((turn) => `hello there ${turn}`),
    answer('B'),
    read(),
    answer('C'),
    answer('D'),
    read(),
    answer('E'),
    read(),
    chat((turn) => `thanks ${turn}`),
    close(),
  ];
}

interface RssGrowth {
  percent: number;
  /** "first / last" peak, in MiB. */
  peaks: string;
  /** "first / last" mean, in MiB. */
  means: string;
  window: string;
  /** One sample in five, in MiB, for the log. */
  series: number[];
}

interface RssSample {
  /** Seconds since sampling began. */
  at: number;
  kb: number;
}

function sampleRss(service: ServiceProcess): { stop(): RssSample[] } {
  const begun = Date.now();
  const samples: RssSample[] = [];
  const timer = setInterval(() => {
    service.rssKb().then(
      (kb) => samples.push({ at: (Date.now() - begun) / 1000, kb }),
      () => undefined,
    );
  }, RSS_SAMPLE_MS);

  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

/**
 * The highest RSS of the last window against the highest of the first:
 * the first and the last minute when the run lasts two minutes or more,
 * else its first and last third. Peaks, not means: V8 hands pages back
 * after a major collection, so RSS dips and climbs back to the same
 * ceiling, and only a leak raises that ceiling.
 */
function rssGrowth(samples: RssSample[], seconds: number): RssGrowth {
  const window = seconds >= 120 ? 60 : seconds / 3;
  const peak = (values: number[]): number => Math.max(0, ...values);
  const mean = (values: number[]): number =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const first = samples.filter((s) => s.at <= window).map((s) => s.kb);
  const last = samples.filter((s) => s.at > seconds - window).map((s) => s.kb);
  const mib = (kb: number): number => Math.round((kb / 1024) * 10) / 10;

  return {
    percent:
      peak(first) > 0
        ? ((peak(last) - peak(first)) / peak(first)) * 100
        : Infinity,
    peaks: `${mib(peak(first))} / ${mib(peak(last))}`,
    means: `${mib(mean(first))} / ${mib(mean(last))}`,
    window: seconds >= 120 ? 'minute' : `${Math.round(window)} s`,
    series: samples
      .filter((_, i) => i % 5 === 0)
      .map((s) => Math.round(s.kb / 1024)),
  };
}
