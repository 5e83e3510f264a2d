import { Module } from '@nestjs/common';
import { QuizModule } from '@/quiz/quiz.module';
import { ChatController } from './chat.controller';

@Module({
  imports: [QuizModule],
  controllers: [ChatController],
})
export class ChatModule {}
