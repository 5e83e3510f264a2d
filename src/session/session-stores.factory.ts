import { Connection } from 'mongoose';
import { CachedSessionStore } from '@/cache/cached-session.store';
import { RedisSessionCache } from '@/cache/redis-session-cache';
import { Clock } from '@/common/clock/clock';
import { ConversationLog } from '@/conversation-log/conversation-log.store';
import { CONVERSATIONS_COLLECTION } from '@/conversation-log/schemas/conversation-turn-record.schema';
import { FileConversationLog } from '@/conversation-log/stores/file-conversation-log.store';
import { MongoConversationLog } from '@/conversation-log/stores/mongo-conversation-log.store';
import { mongoCollection } from '@/database/mongo-collections';
import { MirrorQueue } from '@/migration/mirror-queue';
import { QuizResultStore } from '@/quiz/quiz-result.store';
import { QUIZZES_COLLECTION } from '@/quiz/schemas/quiz-record.schema';
import { MemoryQuizResultStore } from '@/quiz/stores/memory-quiz-result.store';
import { MongoQuizResultStore } from '@/quiz/stores/mongo-quiz-result.store';
import { ShadowQuizResultStore } from '@/quiz/stores/shadow-quiz-result.store';
import { SessionModuleOptions } from './session-module.options';
import { SessionStore } from './session.store';
import { SESSIONS_COLLECTION } from './schemas/session-record.schema';
import { MemorySessionStore } from './stores/memory-session.store';
import { MongoSessionStore } from './stores/mongo-session.store';
import { RolloutSessionStore } from './stores/rollout-session.store';
import { ShadowSessionStore } from './stores/shadow-session.store';

/** Bounds every single MongoDB command so a slow server cannot hang us. */
const DEFAULT_MAX_TIME_MS = 2000;

/** What the stores of the migration phases need besides their options. */
export interface PhaseStoreDependencies {
  /** Copies phase-1 writes to MongoDB; required by the shadow stores. */
  mirror?: MirrorQueue;
  /** Wraps each backend of a two-store setup, e.g. for metrics. */
  instrument?: (store: SessionStore) => SessionStore;
}

const NO_REDIS_MESSAGE =
  'Sessions are set to be cached in Redis but no Redis client is ' +
  'configured; set USE_REDIS_CACHE and REDIS_URL and import RedisModule';

const NO_MIRROR_MESSAGE =
  'Shadow writes need the mirror queue; provide MirrorQueue to the store ' +
  'factories';

export function createSessionStore(
  options: SessionModuleOptions,
  connection: Connection | undefined,
  clock: Clock,
  cache?: RedisSessionCache,
  phase: PhaseStoreDependencies = {},
): SessionStore {
  const chosen = options.sessions;
  const backend = phase.instrument ?? ((store: SessionStore) => store);
  switch (chosen.store) {
    case 'memory':
      return new MemorySessionStore(clock);
    case 'mongo': {
      const store = new MongoSessionStore(
        mongoCollection(connection, SESSIONS_COLLECTION),
        clock,
        chosen.maxTimeMs ?? DEFAULT_MAX_TIME_MS,
      );
      if (!chosen.cache) return store;
      if (!cache) throw new Error(NO_REDIS_MESSAGE);

      return new CachedSessionStore(
        store,
        cache,
        clock,
        chosen.cache.ttlSeconds,
      );
    }
    case 'shadow':
      return new ShadowSessionStore(
        backend(new MemorySessionStore(clock)),
        backend(mongoSessionStore(connection, clock, chosen.maxTimeMs)),
        requireMirror(phase.mirror),
      );
    case 'rollout':
      return new RolloutSessionStore(
        backend(new MemorySessionStore(clock)),
        backend(mongoSessionStore(connection, clock, chosen.maxTimeMs)),
        chosen.percent,
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
  mirror?: MirrorQueue,
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
    case 'shadow':
      return new ShadowQuizResultStore(
        new MemoryQuizResultStore(),
        new MongoQuizResultStore(
          mongoCollection(connection, QUIZZES_COLLECTION),
          chosen.maxTimeMs ?? DEFAULT_MAX_TIME_MS,
        ),
        requireMirror(mirror),
      );
    default:
      return unknownStore('quizResults', chosen);
  }
}

function mongoSessionStore(
  connection: Connection | undefined,
  clock: Clock,
  maxTimeMs: number | undefined,
): MongoSessionStore {
  return new MongoSessionStore(
    mongoCollection(connection, SESSIONS_COLLECTION),
    clock,
    maxTimeMs ?? DEFAULT_MAX_TIME_MS,
  );
}

function requireMirror(mirror: MirrorQueue | undefined): MirrorQueue {
  if (!mirror) throw new Error(NO_MIRROR_MESSAGE);

  return mirror;
}

function unknownStore(port: string, chosen: never): never {
  const name = (chosen as { store?: unknown } | undefined)?.store;
  throw new Error(
    `Unknown store "${String(name)}" for ${port}; ` +
      'expected one of the names in SessionModuleOptions',
  );
}
