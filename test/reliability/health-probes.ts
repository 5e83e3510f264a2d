import { JtiClient, Reply } from './jti-client';

/** One probe: which endpoint, when it was sent and how it answered. */
export interface ProbeRecord {
  probe: 'live' | 'ready';
  sentAt: number;
  /** When the answer came, on the performance clock. */
  answeredAt: number;
  ms: number;
  status: number;
}

/**
 * Polls /health/live and /health/ready every `everyMs`, as Kubernetes
 * would: a probe is sent on time even while the previous one is still
 * waiting for its answer.
 */
export class HealthProbes {
  readonly records: ProbeRecord[] = [];
  private readonly pending = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly client: () => JtiClient,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.send('live', this.client().live());
      this.send('ready', this.client().ready());
    }, this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.pending);
  }

  /** Probes of one kind sent within [from, to). */
  of(probe: ProbeRecord['probe'], from = 0, to = Infinity): ProbeRecord[] {
    return this.records
      .filter((r) => r.probe === probe && r.sentAt >= from && r.sentAt < to)
      .sort((a, b) => a.sentAt - b.sentAt);
  }

  /**
   * Milliseconds from `since` until a probe sent after it answered
   * `status`; Infinity when none did.
   */
  firstAnswer(
    probe: ProbeRecord['probe'],
    status: number,
    since: number,
  ): number {
    const hit = this.of(probe, since).find((r) => r.status === status);

    return hit ? hit.answeredAt - since : Infinity;
  }

  private send(probe: ProbeRecord['probe'], sent: Promise<Reply<unknown>>) {
    const done = sent.then((reply) => {
      this.records.push({
        probe,
        sentAt: reply.sentAt,
        answeredAt: reply.sentAt + reply.ms,
        ms: reply.ms,
        status: reply.status,
      });
      this.pending.delete(done);
    });
    this.pending.add(done);
  }
}
