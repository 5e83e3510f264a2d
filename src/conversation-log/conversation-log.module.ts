import { Module } from '@nestjs/common';
import { ConversationsController } from './conversations.controller';
import { TurnRecorder } from './turn-recorder.service';

/** The conversation log's HTTP side; the store comes from SessionModule. */
@Module({
  controllers: [ConversationsController],
  providers: [TurnRecorder],
  exports: [TurnRecorder],
})
export class ConversationLogModule {}
