import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { QuizResultKeeper } from '@/quiz/quiz-result-keeper';
import { QuizResultStore } from '@/quiz/quiz-result.store';
import { MongoQuizResultStore } from '@/quiz/stores/mongo-quiz-result.store';
import { errorBody } from '@test/factories/error-body.factory';
import {
  chat,
  finishQuizByButtons,
  getSession,
  httpOf,
  startSession,
} from '@test/factories/jti-api.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

/**
 * A move is made (the session changed) or refused; it is never answered
 * with an error once made, so a client that retries after an error never
 * applies it twice and never loses what it finished.
 */
describe('moves and what follows them', () => {
  const apps: TestApp[] = [];

  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('should finish a quiz whose result the store cannot take yet, and save the result later', async () => {
    const testApp = await createTestApp({ mongoSession: true });
    apps.push(testApp);
    const results = testApp.app.get(QuizResultStore);
    const keeper = testApp.app.get(QuizResultKeeper);
    // The stores are wrapped for metrics, so the class method is spied on.
    const save = jest
      .spyOn(MongoQuizResultStore.prototype, 'save')
      .mockRejectedValueOnce(new StoreUnavailableError('MongoDB'));
    const http = httpOf(testApp);
    const sessionId = await startSession(http, { language: 'en' });

    const finished = await finishQuizByButtons(http, sessionId);
    const waitingAfterMove = keeper.waiting;
    const storedBeforeRetry = await results.findBySession(sessionId);
    const retried = await keeper.retry();
    const stored = await results.findBySession(sessionId);

    expect(finished.status).toBe(200);
    expect(finished.body.session.step).toBe('DONE');
    expect(waitingAfterMove).toBe(1);
    expect(storedBeforeRetry).toEqual([]);
    expect(retried).toBe(true);
    expect(keeper.waiting).toBe(0);
    expect(save).toHaveBeenCalledTimes(2);
    expect(stored).toEqual([
      expect.objectContaining({
        session_id: sessionId,
        answers: finished.body.session.answers,
        result: finished.body.session.result,
      }),
    ]);
  });

  it('should refuse a move, unmade, while the conversation log queue stays full', async () => {
    const root = await mkdtemp(join(tmpdir(), 'jti-unwritable-'));
    // A file where the folders should be: neither log nor spool can write.
    await writeFile(join(root, 'file'), '');
    const testApp = await createTestApp({
      env: {
        CONVERSATION_LOG_DIR: join(root, 'file', 'conversations'),
        LOG_SPOOL_DIR: join(root, 'file', 'spool'),
        LOG_QUEUE_LIMIT: '1',
        LOG_FLUSH_INTERVAL_MS: '5',
      },
    });
    apps.push(testApp);
    const http = httpOf(testApp);
    const sessionId = await startSession(http, { language: 'en' });

    const first = await chat(http, sessionId, 'hello');
    const refused = await chat(http, sessionId, 'hello again');
    const after = await getSession(http, sessionId).expect(200);

    expect(first.status).toBe(200);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual(
      errorBody(503, 'STORE_UNAVAILABLE', 'conversation log'),
    );
    expect(after.body).toEqual(
      expect.objectContaining({
        version: first.body.session.version,
        turn_count: 1,
      }),
    );
    await rm(root, { recursive: true, force: true });
  });
});
