import { Module } from '@nestjs/common';
import { Clock } from '@/common/clock/clock';
import { OPTIONAL_MONGO_CONNECTION } from '@/database/mongo-collections';
import { ConversationLog } from '@/conversation-log/conversation-log.store';
import { QuizResultStore } from '@/quiz/quiz-result.store';
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

/**
 * Binds the session store, the conversation log and the quiz-result store
 * from its options; every other module depends on those ports only.
 */
@Module({
  controllers: [SessionController, SessionsAdminController],
  providers: [
    {
      provide: SessionStore,
      inject: [SESSION_MODULE_OPTIONS, OPTIONAL_MONGO_CONNECTION, Clock],
      useFactory: createSessionStore,
    },
    {
      provide: ConversationLog,
      inject: [SESSION_MODULE_OPTIONS, OPTIONAL_MONGO_CONNECTION],
      useFactory: createConversationLog,
    },
    {
      provide: QuizResultStore,
      inject: [SESSION_MODULE_OPTIONS, OPTIONAL_MONGO_CONNECTION],
      useFactory: createQuizResultStore,
    },
    SessionService,
    SessionSweeper,
  ],
  exports: [SessionStore, ConversationLog, QuizResultStore, SessionService],
})
export class SessionModule extends ConfigurableSessionModule {}
