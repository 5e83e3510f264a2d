import { Injectable } from '@nestjs/common';
import { ConversationLog } from './conversation-log.store';
import { ConversationTurn } from './conversation-turn';

/** The one way the service writes turns to the conversation log. */
@Injectable()
export class TurnRecorder {
  constructor(private readonly log: ConversationLog) {}

  async record(turn: ConversationTurn): Promise<void> {
    await this.log.append([turn]);
  }
}
