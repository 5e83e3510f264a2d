import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import {
  adminGet,
  chat,
  flushTurnLog,
  getSession,
  Http,
  listenOnLoopback,
  startSession,
} from '@test/factories/jti-api.factory';
import { mongoDbOf } from '@test/factories/mongo-db.factory';
import { MEMORY_AND_MONGO } from '@test/factories/store-combos.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

const TURNS = 50;
const ROUNDS = 20;

interface RoundSummary {
  statuses: number[];
  replyTurnCounts: number[];
  loggedTurnNumbers: number[];
  loggedMessages: string[];
  storedTurns: number;
  version: number;
  turnCount: number;
}

function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function messagesOf(round: number): string[] {
  return oneTo(TURNS).map((n) => `round ${round} message ${n}`);
}

describe.each(MEMORY_AND_MONGO)('concurrent chat turns (%s)', (_, options) => {
  let testApp: TestApp;
  let http: Http;

  // A fresh app (and database) per round keeps every round the same size.
  beforeEach(async () => {
    testApp = await createTestApp(options);
    http = request(await listenOnLoopback(testApp));
  });

  afterEach(async () => {
    await testApp.close();
  });

  /** Turns kept by the backing log itself, not through the API. */
  async function storedTurns(sessionId: string): Promise<number> {
    await flushTurnLog(testApp);
    if (options.mongoLogs) {
      return mongoDbOf(testApp)
        .collection('conversations')
        .countDocuments({ session_id: sessionId });
    }

    const directory = testApp.env.CONVERSATION_LOG_DIR as string;
    const [name] = (await readdir(directory)).filter((file) =>
      file.endsWith(`_${sessionId}.jsonl`),
    );
    const text = await readFile(join(directory, name), 'utf8');

    return text
      .trimEnd()
      .split('\n')
      .filter((line) => JSON.parse(line).session_id === sessionId).length;
  }

  /** Fires every turn of one round at once and reads back what stuck. */
  async function playRound(round: number): Promise<RoundSummary> {
    const sessionId = await startSession(http, { language: 'en' });

    const replies = await Promise.all(
      messagesOf(round).map((message) => chat(http, sessionId, message)),
    );

    const session = await getSession(http, sessionId);
    const log = await adminGet(http, 'conversations', {
      session_id: sessionId,
      limit: 100,
    });
    const turns: { turn_number: number; user_message: string }[] =
      log.body.items;

    return {
      statuses: [...new Set(replies.map((r) => r.status))],
      replyTurnCounts: replies
        .map((r) => r.body.session.turn_count as number)
        .sort((a, b) => a - b),
      loggedTurnNumbers: turns.map((turn) => turn.turn_number),
      loggedMessages: turns.map((turn) => turn.user_message).sort(),
      storedTurns: await storedTurns(sessionId),
      version: session.body.version,
      turnCount: session.body.turn_count,
    };
  }

  it.each(oneTo(ROUNDS))(
    `should number ${TURNS} simultaneous turns 1..${TURNS} and raise the version by ${TURNS} (round %i of ${ROUNDS})`,
    async (round) => {
      const summary = await playRound(round);

      expect(summary).toEqual({
        statuses: [200],
        replyTurnCounts: oneTo(TURNS),
        loggedTurnNumbers: oneTo(TURNS),
        loggedMessages: messagesOf(round).sort(),
        storedTurns: TURNS,
        version: 1 + TURNS,
        turnCount: TURNS,
      });
    },
  );
});
