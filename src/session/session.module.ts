import { Module } from '@nestjs/common';
import { Connection } from 'mongoose';
import { RedisSessionCache } from '@/cache/redis-session-cache';
import { MongoFailureMonitor } from '@/alerts/mongo-failure.monitor';
import { instrumentStore } from '@/metrics/instrument-store';
import { MetricsService } from '@/metrics/metrics.service';
import { SessionModuleOptions } from './session-module.options';
import { Clock } from '@/common/clock/clock';
import { OPTIONAL_MONGO_CONNECTION } from '@/database/mongo-collections';
import { ConversationLog } from '@/conversation-log/conversation-log.store';
import { MirrorQueue } from '@/migration/mirror-queue';
import { QuizResultStore } from '@/quiz/quiz-result.store';
import { SessionBackends, sessionBackendsOf } from './session-backends';
import { SessionSweeper } from './session-sweeper.service';
import {
  createConversationLog,
  createQuizResultStore,
  createSessionStore,
} from './session-stores.factory';
import { SessionController } from './session.controller';
import {
  ConfigurableSessionModule,
  SESSION_MODULE_OPTIONS,
} from './session.module-definition';
import { SessionService } from './session.service';
import { SessionStore } from './session.store';
import { SessionsAdminController } from './sessions-admin.controller';
import { SessionSnapshotService } from './snapshot/session-snapshot.service';

/** What every store factory is given; the clock is added where needed. */
const STORE_DEPENDENCIES = [
  SESSION_MODULE_OPTIONS,
  OPTIONAL_MONGO_CONNECTION,
  MetricsService,
  MongoFailureMonitor,
];

/**
 * Binds the session store, the conversation log and the quiz-result store
 * from its options; every other module depends on those ports only.
 */
@Module({
  controllers: [SessionController, SessionsAdminController],
  providers: [
    {
      provide: SessionStore,
      inject: [
        ...STORE_DEPENDENCIES,
        Clock,
        { token: RedisSessionCache, optional: true },
        MirrorQueue,
      ],
      useFactory: (
        options: SessionModuleOptions,
        connection: Connection | undefined,
        metrics: MetricsService,
        monitor: MongoFailureMonitor,
        clock: Clock,
        cache: RedisSessionCache | undefined,
        mirror: MirrorQueue,
      ) =>
        instrumentStore(
          createSessionStore(options, connection, clock, cache, {
            mirror,
            instrument: (store) =>
              instrumentStore(store, 'sessions', metrics, monitor),
          }),
          'sessions',
          metrics,
          monitor,
        ),
    },
    {
      provide: ConversationLog,
      inject: STORE_DEPENDENCIES,
      useFactory: (
        options: SessionModuleOptions,
        connection: Connection | undefined,
        metrics: MetricsService,
        monitor: MongoFailureMonitor,
      ) =>
        instrumentStore(
          createConversationLog(options, connection),
          'conversations',
          metrics,
          monitor,
        ),
    },
    {
      provide: QuizResultStore,
      inject: [...STORE_DEPENDENCIES, MirrorQueue],
      useFactory: (
        options: SessionModuleOptions,
        connection: Connection | undefined,
        metrics: MetricsService,
        monitor: MongoFailureMonitor,
        mirror: MirrorQueue,
      ) =>
        instrumentStore(
          createQuizResultStore(options, connection, mirror),
          'quizzes',
          metrics,
          monitor,
        ),
    },
    {
      provide: MirrorQueue,
      inject: [Clock, MetricsService],
      useFactory: (clock: Clock, metrics: MetricsService) =>
        new MirrorQueue(clock, {
          onResult: (result) => metrics.mirrorWrites.inc({ result }),
        }),
    },
    {
      provide: SessionBackends,
      inject: [SessionStore],
      useFactory: sessionBackendsOf,
    },
    SessionService,
    SessionSweeper,
    SessionSnapshotService,
  ],
  exports: [
    SessionStore,
    ConversationLog,
    QuizResultStore,
    SessionService,
    SessionBackends,
    MirrorQueue,
  ],
})
export class SessionModule extends ConfigurableSessionModule {}
