import { setTimeout as sleep } from 'node:timers/promises';
import { AckLedger } from './ack-ledger';
import { JtiClient, ok, PlayBody, Reply, SessionBody } from './jti-client';

export type RequestKind = 'start_session' | 'chat' | 'answer' | 'get_session';

/** One request of the workload, as it went. */
export interface RequestRecord {
  kind: RequestKind;
  sentAt: number;
  ms: number;
  status: number;
  code?: string;
  hung: boolean;
}

/** Counts and latencies of a set of requests. */
export interface RequestStats {
  count: number;
  ok: number;
  /** Any answer outside 2xx, or none. */
  failed: number;
  status5xx: number;
  /** Answers neither 2xx nor 503 STORE_UNAVAILABLE, or none at all. */
  unexpected: number;
  network: number;
  hung: number;
  notFound: number;
  p50: number;
  p99: number;
  maxMs: number;
  /** Status (0: no answer) to count. */
  byStatus: Record<string, number>;
}

const OPTIONS = ['A', 'B', 'C', 'D', 'E'];
/** Pause after a failed request, so an outage is not a busy loop. */
const BACKOFF_MS = 25;

/**
 * Closed-loop users playing the quiz, each on sessions of its own: start
 * a session, start the quiz by chat, answer by button or by chat, make
 * small talk, read the session, and begin again once the quiz is done.
 * Every request is recorded; every 2xx write goes into the ledger.
 */
export class QuizWorkload {
  readonly records: RequestRecord[] = [];
  readonly ledger = new AckLedger();
  private stopping = false;
  private running: Promise<void>[] = [];

  /**
   * client() is asked before every request, so the target may change.
   * Each worker pauses about thinkMs (0 to twice that) between requests,
   * as a person would.
   */
  constructor(
    private readonly client: () => JtiClient,
    private readonly workers: number,
    private readonly thinkMs = 0,
  ) {}

  start(): void {
    this.stopping = false;
    this.running = Array.from({ length: this.workers }, (_, id) =>
      this.work(id),
    );
  }

  /** Lets every worker finish its request in flight, then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  /** Requests sent within [from, to) on the performance clock. */
  between(from: number, to: number): RequestRecord[] {
    return this.records.filter((r) => r.sentAt >= from && r.sentAt < to);
  }

  private async work(id: number): Promise<void> {
    let session: SessionBody | undefined;
    let sessionId: string | undefined;
    let stale = false;
    let doneMoves = 0;

    for (let n = 1; !this.stopping; n += 1) {
      if (!sessionId) {
        const reply = await this.record('start_session', () =>
          this.client().startSession(),
        );
        if (ok(reply) && reply.body) {
          sessionId = reply.body.session_id;
          this.ledger.created(sessionId);
          session = undefined;
          stale = true;
          doneMoves = 0;
        }
        continue;
      }

      if (stale || !session) {
        const reply = await this.record('get_session', () =>
          this.client().getSession(sessionId!),
        );
        if (ok(reply) && reply.body) {
          session = reply.body;
          this.ledger.seen(session);
          stale = false;
        } else if (reply.status === 404) {
          sessionId = undefined;
        }
        continue;
      }

      if (session.step === 'DONE' && doneMoves >= 2) {
        sessionId = undefined;
        continue;
      }
      if (session.step === 'DONE') doneMoves += 1;

      const reply = await this.move(session, `hello ${id}-${n}`);
      if (reply === 'read') {
        stale = true;
        continue;
      }
      if (ok(reply.reply) && reply.reply.body) {
        session = reply.reply.body.session;
        this.ledger.played(session, reply.logged);
      } else {
        stale = true;
      }
    }
  }

  /** Picks and plays a move that fits the step, or asks for a read. */
  private async move(
    session: SessionBody,
    smallTalk: string,
  ): Promise<'read' | { reply: Reply<PlayBody>; logged: string }> {
    const dice = Math.random();
    const id = session.session_id;
    const client = this.client();
    const play = async (
      kind: RequestKind,
      logged: string,
      send: () => Promise<Reply<PlayBody>>,
    ): Promise<{ reply: Reply<PlayBody>; logged: string }> => ({
      reply: await this.record(kind, send),
      logged,
    });

    if (dice < 0.2) return 'read';
    if (session.step === 'WELCOME') {
      return dice < 0.8
        ? play('chat', 'start', () => client.chat(id, 'start'))
        : play('chat', smallTalk, () => client.chat(id, smallTalk));
    }
    if (session.step === 'QUIZ') {
      const option = OPTIONS[Math.floor(Math.random() * OPTIONS.length)];
      if (dice < 0.6) {
        return play('answer', `[answer ${option}]`, () =>
          client.answer(id, option),
        );
      }
      if (dice < 0.8) {
        return play('chat', option, () => client.chat(id, option));
      }
    }

    return play('chat', smallTalk, () => client.chat(id, smallTalk));
  }

  private async record<T>(
    kind: RequestKind,
    send: () => Promise<Reply<T>>,
  ): Promise<Reply<T>> {
    const reply = await send();
    this.records.push({
      kind,
      sentAt: reply.sentAt,
      ms: reply.ms,
      status: reply.status,
      code: reply.code,
      hung: reply.hung,
    });
    const pause = this.thinkMs * 2 * Math.random();
    await sleep(ok(reply) ? pause : Math.max(pause, BACKOFF_MS));

    return reply;
  }
}

/** Something that runs in the background until stopped. */
export interface Background {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs `act` while the given loads and probes run, and stops them after,
 * even when `act` fails.
 */
export async function whileRunning<T>(
  background: Background[],
  act: () => Promise<T>,
): Promise<T> {
  for (const task of background) task.start();
  try {
    return await act();
  } finally {
    await Promise.all(background.map((task) => task.stop()));
  }
}

/** Summarises requests; an empty set gives zeros. */
export function statsOf(records: RequestRecord[]): RequestStats {
  const times = records.map((r) => r.ms).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const r of records) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  }
  const isOk = (r: RequestRecord): boolean => r.status >= 200 && r.status < 300;
  const storeUnavailable = (r: RequestRecord): boolean =>
    r.status === 503 && r.code === 'STORE_UNAVAILABLE';

  return {
    count: records.length,
    ok: records.filter(isOk).length,
    failed: records.filter((r) => !isOk(r)).length,
    status5xx: records.filter((r) => r.status >= 500).length,
    unexpected: records.filter((r) => !isOk(r) && !storeUnavailable(r)).length,
    network: records.filter((r) => r.status === 0 && !r.hung).length,
    hung: records.filter((r) => r.hung).length,
    notFound: records.filter((r) => r.status === 404).length,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    maxMs: times.length ? times[times.length - 1] : 0,
    byStatus,
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;

  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** p99 in ms of each `stepMs` slice of [from, to), for the log. */
export function p99Series(
  records: RequestRecord[],
  from: number,
  to: number,
  stepMs = 5000,
): number[] {
  const series: number[] = [];
  for (let start = from; start < to; start += stepMs) {
    const slice = records.filter(
      (r) => r.sentAt >= start && r.sentAt < Math.min(to, start + stepMs),
    );
    series.push(Math.round(statsOf(slice).p99));
  }

  return series;
}

/** "200:812 503:40" */
export function describeStatuses(stats: RequestStats): string {
  return Object.entries(stats.byStatus)
    .map(([status, count]) => `${status}:${count}`)
    .join(' ');
}
