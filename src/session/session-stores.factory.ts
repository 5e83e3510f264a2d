import { Connection } from 'mongoose';
import { Clock } from '@/common/clock/clock';
import { ConversationLog } from '@/conversation-log/conversation-log.store';
import { CONVERSATIONS_COLLECTION } from '@/conversation-log/schemas/conversation-turn-record.schema';
import { FileConversationLog } from '@/conversation-log/stores/file-conversation-log.store';
import { MongoConversationLog } from '@/conversation-log/stores/mongo-conversation-log.store';
import { mongoCollection } from '@/database/mongo-collections';
import { QuizResultStore } from '@/quiz/quiz-result.store';
import { QUIZZES_COLLECTION } from '@/quiz/schemas/quiz-record.schema';
import { MemoryQuizResultStore } from '@/quiz/stores/memory-quiz-result.store';
import { MongoQuizResultStore } from '@/quiz/stores/mongo-quiz-result.store';
import { SessionModuleOptions } from './session-module.options';
import { SessionStore } from './session.store';
import { SESSIONS_COLLECTION } from './schemas/session-record.schema';
import { MemorySessionStore } from './stores/memory-session.store';
import { MongoSessionStore } from './stores/mongo-session.store';

/** Bounds every single MongoDB command so a slow server cannot hang us. */
const DEFAULT_MAX_TIME_MS = 2000;

export function createSessionStore(
  options: SessionModuleOptions,
  connection: Connection | undefined,
  clock: Clock,
): SessionStore {
  const chosen = options.sessions;
  switch (chosen.store) {
    case 'memory':
      return new MemorySessionStore(clock);
    case 'mongo':
      return new MongoSessionStore(
        mongoCollection(connection, SESSIONS_COLLECTION),
        clock,
        chosen.maxTimeMs ?? DEFAULT_MAX_TIME_MS,
      );
    default:
      return unknownStore('sessions', chosen);
  }
}

export function createConversationLog(
  options: SessionModuleOptions,
  connection: Connection | undefined,
): ConversationLog {
  const chosen = options.conversationLog;
  switch (chosen.store) {
    case 'file':
      return new FileConversationLog(chosen.directory);
    case 'mongo':
      return new MongoConversationLog(
        mongoCollection(connection, CONVERSATIONS_COLLECTION),
        chosen.maxTimeMs ?? DEFAULT_MAX_TIME_MS,
      );
    default:
      return unknownStore('conversationLog', chosen);
  }
}

export function createQuizResultStore(
  options: SessionModuleOptions,
  connection: Connection | undefined,
): QuizResultStore {
  const chosen = options.quizResults;
  switch (chosen.store) {
    case 'memory':
      return new MemoryQuizResultStore();
    case 'mongo':
      return new MongoQuizResultStore(
        mongoCollection(connection, QUIZZES_COLLECTION),
        chosen.maxTimeMs ?? DEFAULT_MAX_TIME_MS,
      );
    default:
      return unknownStore('quizResults', chosen);
  }
}

function unknownStore(port: string, chosen: never): never {
  const name = (chosen as { store?: unknown } | undefined)?.store;
  throw new Error(
    `Unknown store "${String(name)}" for ${port}; ` +
      'expected one of the names in SessionModuleOptions',
  );
}
