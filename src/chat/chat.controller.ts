import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ValidationFailedError } from '@/common/errors/validation-failed.error';
import { RateLimited } from '@/common/rate-limit/rate-limited.decorator';
import { AppConfig } from '@/config/app-config';
import { PlayResponseDto } from '@/quiz/dto/play-response.dto';
import { QuizMove, QuizMoves } from '@/quiz/quiz-moves';
import { PlayResponse, QuizPlayService } from '@/quiz/quiz-play.service';
import { chooseChatMove } from './chat-replies';
import { ChatRequestDto } from './dto/chat-request.dto';

@ApiTags('chat')
@RateLimited('chat')
@Controller('chat')
export class ChatController {
  private readonly maxLength: number;

  constructor(
    private readonly play: QuizPlayService,
    private readonly moves: QuizMoves,
    config: ConfigService<AppConfig, true>,
  ) {
    this.maxLength = config.get('http', { infer: true }).chatMessageMaxLength;
  }

  /** One free-text turn; the reply depends on the step the session is in. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: PlayResponseDto })
  chat(@Body() body: ChatRequestDto): Promise<PlayResponse> {
    if (body.message.length > this.maxLength) {
      throw new ValidationFailedError(
        ['message'],
        `message must be at most ${this.maxLength} characters`,
      );
    }

    const move = chooseChatMove(this.moves, body.message);
    return this.play.play(
      body.session_id,
      body.message,
      withLanguage(body.language, move),
    );
  }
}

/** Switches the session language first, so the reply is in the new one. */
function withLanguage(
  language: ChatRequestDto['language'],
  move: QuizMove,
): QuizMove {
  if (!language) return move;

  return (session, now) => {
    const result = move({ ...session, language }, now);
    return { ...result, changes: { ...result.changes, language } };
  };
}
