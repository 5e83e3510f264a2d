import { setTimeout as sleep } from 'node:timers/promises';
import { JtiClient, ok, SessionBody, TurnBody } from './jti-client';

/** What the service acknowledged (answered 2xx) for one session. */
interface Acknowledged {
  version: number;
  turnCount: number;
  answers: Record<string, string>;
  /** Turn number to the user message of that turn. */
  turns: Map<number, string>;
}

/** What reading everything back found. */
export interface LedgerReport {
  sessions: number;
  acknowledgedTurns: number;
  acknowledgedAnswers: number;
  /** Sessions answered 404 (or not at all) although acknowledged. */
  missingSessions: number;
  /** Sessions whose version or turn count fell below an acknowledgement. */
  versionRegressions: number;
  /** Acknowledged answers that are absent or different. */
  lostAnswers: number;
  /** Acknowledged turns absent from the log or logged differently. */
  lostTurns: number;
  /** Turn numbers logged twice for one session. */
  duplicateTurns: number;
  /** A few examples of what went wrong, for the report. */
  examples: string[];
}

const READERS = 8;
const MAX_EXAMPLES = 5;

/**
 * Every write the service acknowledged, so that it can be looked for
 * afterwards. Only 2xx answers count: a request that failed or got no
 * answer may or may not have been applied, and either is right.
 */
export class AckLedger {
  private readonly sessions = new Map<string, Acknowledged>();

  get size(): number {
    return this.sessions.size;
  }

  /** A created session (version 1, no turn yet). */
  created(sessionId: string): void {
    this.entry(sessionId);
  }

  /** A session as a 2xx answer returned it. */
  seen(session: SessionBody): void {
    const entry = this.entry(session.session_id);
    entry.version = Math.max(entry.version, session.version);
    entry.turnCount = Math.max(entry.turnCount, session.turn_count);
    Object.assign(entry.answers, session.answers);
  }

  /** A chat or quiz move answered 2xx: its turn must be in the log. */
  played(session: SessionBody, userMessage: string): void {
    this.seen(session);
    this.entry(session.session_id).turns.set(session.turn_count, userMessage);
  }

  /** About `count` sessions spread evenly over the whole run. */
  sample(count: number): AckLedger {
    const picked = new AckLedger();
    const entries = [...this.sessions.entries()];
    const step = Math.max(1, Math.floor(entries.length / count));
    for (let i = 0; i < entries.length && picked.size < count; i += step) {
      picked.sessions.set(entries[i][0], entries[i][1]);
    }

    return picked;
  }

  /** Reads every acknowledged session and its turns back from the service. */
  async verify(client: JtiClient): Promise<LedgerReport> {
    const report: LedgerReport = {
      sessions: this.sessions.size,
      acknowledgedTurns: 0,
      acknowledgedAnswers: 0,
      missingSessions: 0,
      versionRegressions: 0,
      lostAnswers: 0,
      lostTurns: 0,
      duplicateTurns: 0,
      examples: [],
    };
    const queue = [...this.sessions.entries()];
    const reader = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await this.verifyOne(client, next[0], next[1], report);
      }
    };
    await Promise.all(Array.from({ length: READERS }, reader));

    return report;
  }

  private async verifyOne(
    client: JtiClient,
    sessionId: string,
    acked: Acknowledged,
    report: LedgerReport,
  ): Promise<void> {
    const note = (text: string): void => {
      if (report.examples.length < MAX_EXAMPLES) {
        report.examples.push(`${sessionId.slice(0, 8)}: ${text}`);
      }
    };
    report.acknowledgedTurns += acked.turns.size;
    report.acknowledgedAnswers += Object.keys(acked.answers).length;

    const reply = await client.getSession(sessionId);
    // Only a 404 says the session is gone; anything else is no answer.
    if (!ok(reply) && reply.status !== 404) {
      throw new Error(
        `Reading session ${sessionId} answered ${reply.status} ` +
          `${reply.code ?? ''}`,
      );
    }
    if (!ok(reply) || !reply.body) {
      report.missingSessions += 1;
      note(`session read answered ${reply.status} ${reply.code ?? ''}`);
      return;
    }
    const stored = reply.body;
    if (stored.version < acked.version || stored.turn_count < acked.turnCount) {
      report.versionRegressions += 1;
      note(
        `version ${stored.version} < ${acked.version} or turns ` +
          `${stored.turn_count} < ${acked.turnCount}`,
      );
    }
    for (const [question, option] of Object.entries(acked.answers)) {
      if (stored.answers[question] !== option) {
        report.lostAnswers += 1;
        note(
          `answer ${question}=${option} stored as ${stored.answers[question]}`,
        );
      }
    }

    if (acked.turns.size === 0) return;
    const logged = await client.turns(sessionId);
    const byNumber = indexTurns(logged);
    report.duplicateTurns += logged.length - byNumber.size;
    for (const [turnNumber, message] of acked.turns) {
      if (byNumber.get(turnNumber) !== message) {
        report.lostTurns += 1;
        note(
          `turn ${turnNumber} "${message}" logged as ${byNumber.get(turnNumber)}`,
        );
      }
    }
  }

  private entry(sessionId: string): Acknowledged {
    let entry = this.sessions.get(sessionId);
    if (!entry) {
      entry = { version: 1, turnCount: 0, answers: {}, turns: new Map() };
      this.sessions.set(sessionId, entry);
    }

    return entry;
  }
}

function indexTurns(turns: TurnBody[]): Map<number, string> {
  return new Map(turns.map((turn) => [turn.turn_number, turn.user_message]));
}

/**
 * Verifies until nothing acknowledged is missing or `withinMs` passed,
 * and says how long it took: reads answer 503 until the service can
 * serve them whole. `incomplete` counts the passes whose every read
 * answered 2xx and yet missed something acknowledged.
 */
export async function verifyEventually(
  ledger: AckLedger,
  client: JtiClient,
  withinMs: number,
): Promise<{ report: LedgerReport; ms: number; incomplete: number }> {
  const begun = Date.now();
  let incomplete = 0;
  for (;;) {
    let answered = true;
    const report = await ledger
      .verify(client)
      .catch((error: unknown): LedgerReport => {
        answered = false;
        return {
          ...EMPTY_REPORT,
          sessions: ledger.size,
          missingSessions: ledger.size,
          examples: [(error as Error).message],
        };
      });
    const ms = Date.now() - begun;
    if (lossesOf(report) === 0 || ms >= withinMs) {
      return { report, ms, incomplete };
    }
    if (answered) incomplete += 1;
    await sleep(1000);
  }
}

const EMPTY_REPORT: LedgerReport = {
  sessions: 0,
  acknowledgedTurns: 0,
  acknowledgedAnswers: 0,
  missingSessions: 0,
  versionRegressions: 0,
  lostAnswers: 0,
  lostTurns: 0,
  duplicateTurns: 0,
  examples: [],
};

/** Lost anything acknowledged, in one number. */
export function lossesOf(report: LedgerReport): number {
  return (
    report.missingSessions +
    report.versionRegressions +
    report.lostAnswers +
    report.lostTurns +
    report.duplicateTurns
  );
}
