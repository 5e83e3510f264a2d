import { performance } from 'node:perf_hooks';
import { ADMIN_KEY } from './service-process';

const API = '/api/jti';
/** A request still unanswered after this long counts as a hang. */
export const HANG_MS = 10_000;

/** What the service keeps of a session, as the API shows it. */
export interface SessionBody {
  session_id: string;
  step: string;
  answers: Record<string, string>;
  turn_count: number;
  version: number;
}

export interface PlayBody {
  message: string;
  session: SessionBody;
}

export interface TurnBody {
  turn_number: number;
  user_message: string;
}

/** One request as it went: status 0 means no HTTP answer at all. */
export interface Reply<T> {
  status: number;
  body?: T;
  /** The error code of a non-2xx body, or the network error's name. */
  code?: string;
  /** When it was sent, in ms on the performance clock. */
  sentAt: number;
  ms: number;
  /** No answer within HANG_MS. */
  hung: boolean;
}

export const ok = (reply: Reply<unknown>): boolean =>
  reply.status >= 200 && reply.status < 300;

/** The quiz API of one instance, timed request by request. */
export class JtiClient {
  constructor(readonly baseUrl: string) {}

  startSession(): Promise<Reply<{ session_id: string }>> {
    return this.send('POST', `${API}/start_session`, { language: 'en' });
  }

  chat(sessionId: string, message: string): Promise<Reply<PlayBody>> {
    return this.send('POST', `${API}/chat`, { session_id: sessionId, message });
  }

  quizStart(sessionId: string): Promise<Reply<PlayBody>> {
    return this.send('POST', `${API}/quiz/start`, { session_id: sessionId });
  }

  answer(sessionId: string, optionId: string): Promise<Reply<PlayBody>> {
    return this.send('POST', `${API}/quiz/answer`, {
      session_id: sessionId,
      option_id: optionId,
    });
  }

  getSession(sessionId: string): Promise<Reply<SessionBody>> {
    return this.send('GET', `${API}/session/${sessionId}`);
  }

  /** Every logged turn of a session, page by page (admin). */
  async turns(sessionId: string): Promise<TurnBody[]> {
    const turns: TurnBody[] = [];
    for (let page = 1; ; page += 1) {
      const reply = await this.send<{ items: TurnBody[]; total: number }>(
        'GET',
        `${API}/conversations?session_id=${sessionId}&limit=100&page=${page}`,
        undefined,
        { 'x-api-key': ADMIN_KEY },
      );
      if (!ok(reply) || !reply.body) {
        throw new Error(
          `Reading the turns of ${sessionId} answered ${reply.status} ` +
            `${reply.code ?? ''}`,
        );
      }
      turns.push(...reply.body.items);
      if (reply.body.items.length === 0 || turns.length >= reply.body.total) {
        return turns;
      }
    }
  }

  live(): Promise<Reply<unknown>> {
    return this.send('GET', '/health/live');
  }

  ready(): Promise<Reply<unknown>> {
    return this.send('GET', '/health/ready');
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const sentAt = performance.now();
    try {
      const response = await fetch(this.baseUrl + path, {
        method,
        headers: {
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(HANG_MS),
      });
      const text = await response.text();
      const parsed = text ? (JSON.parse(text) as unknown) : undefined;
      const code =
        response.status >= 300
          ? ((parsed as { code?: string } | undefined)?.code ?? 'NO_CODE')
          : undefined;

      return {
        status: response.status,
        body: parsed as T,
        code,
        sentAt,
        ms: performance.now() - sentAt,
        hung: false,
      };
    } catch (error) {
      const hung = (error as Error).name === 'TimeoutError';
      return {
        status: 0,
        code: hung ? 'HUNG' : networkCode(error),
        sentAt,
        ms: performance.now() - sentAt,
        hung,
      };
    }
  }
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;

  return cause?.code ?? (error as Error).name ?? 'NETWORK';
}
