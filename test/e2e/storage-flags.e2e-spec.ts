import { ConversationLog } from '@/conversation-log/conversation-log.store';
import { QuizResultStore } from '@/quiz/quiz-result.store';
import { SessionStore } from '@/session/session.store';
import { chat, httpOf, startSession } from '@test/factories/jti-api.factory';
import { STORE_COMBOS } from '@test/factories/store-combos.factory';
import { createTestApp } from '@test/support/test-app';

/** Nothing listens here: an app that dialled it could not serve. */
const NO_MONGO = 'mongodb://127.0.0.1:9/nowhere';

describe('storage flags', () => {
  it.each(['false', 'FALSE', '0', 'no'])(
    'should keep everything in process with both flags %j and no MongoDB',
    async (off) => {
      const testApp = await createTestApp({
        env: {
          USE_MONGO_SESSION: off,
          USE_MONGO_LOGS: off,
          MONGODB_URI: NO_MONGO,
        },
      });

      try {
        const http = httpOf(testApp);
        const sessionId = await startSession(http);

        const response = await chat(http, sessionId, 'start');

        expect(response.status).toBe(200);
        expect([
          testApp.app.get(SessionStore).kind,
          testApp.app.get(ConversationLog).kind,
          testApp.app.get(QuizResultStore).kind,
        ]).toEqual(['memory', 'file', 'memory']);
      } finally {
        await testApp.close();
      }
    },
  );

  it.each(STORE_COMBOS)(
    'should bind the stores the flags choose (%s)',
    async (_name, options) => {
      const testApp = await createTestApp(options);

      try {
        const kinds = [
          testApp.app.get(SessionStore).kind,
          testApp.app.get(ConversationLog).kind,
          testApp.app.get(QuizResultStore).kind,
        ];

        expect(kinds).toEqual([
          options.mongoSession ? 'mongo' : 'memory',
          options.mongoLogs ? 'mongo' : 'file',
          options.mongoSession ? 'mongo' : 'memory',
        ]);
      } finally {
        await testApp.close();
      }
    },
  );

  it('should refuse to start on USE_MONGO_SESSION=ture, naming it', async () => {
    const starting = createTestApp({ env: { USE_MONGO_SESSION: 'ture' } });

    await expect(starting).rejects.toThrow(/USE_MONGO_SESSION must be one of/);
  });
});
