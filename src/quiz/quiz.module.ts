import { Module } from '@nestjs/common';
import { ConversationLogModule } from '@/conversation-log/conversation-log.module';
import { QuizEngine } from './quiz-engine';
import { QuizMoves } from './quiz-moves';
import { QuizResultKeeper } from './quiz-result-keeper';
import { QuizPlayService } from './quiz-play.service';
import { QuizController } from './quiz.controller';
import { QUIZ_RANDOM } from './quiz.constants';

@Module({
  imports: [ConversationLogModule],
  controllers: [QuizController],
  providers: [
    { provide: QUIZ_RANDOM, useValue: Math.random },
    QuizEngine,
    QuizMoves,
    QuizPlayService,
    QuizResultKeeper,
  ],
  exports: [QuizMoves, QuizPlayService],
})
export class QuizModule {}
