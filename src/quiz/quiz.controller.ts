import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SessionIdDto } from '@/common/dto/session-id.dto';
import { RateLimited } from '@/common/rate-limit/rate-limited.decorator';
import { PlayResponseDto } from './dto/play-response.dto';
import { QuizAnswerDto } from './dto/quiz-answer.dto';
import { QuizMoves } from './quiz-moves';
import { PlayResponse, QuizPlayService } from './quiz-play.service';

/** Button moves; each is one logged turn, 409 when it does not fit. */
@ApiTags('quiz')
@RateLimited('chat')
@Controller('quiz')
export class QuizController {
  constructor(
    private readonly play: QuizPlayService,
    private readonly moves: QuizMoves,
  ) {}

  @Post('start')
  @HttpCode(200)
  @ApiOkResponse({ type: PlayResponseDto })
  start(@Body() body: SessionIdDto): Promise<PlayResponse> {
    return this.play.play(body.session_id, '[start_quiz]', this.moves.start());
  }

  @Post('answer')
  @HttpCode(200)
  @ApiOkResponse({ type: PlayResponseDto })
  answer(@Body() body: QuizAnswerDto): Promise<PlayResponse> {
    const option = body.option_id.trim().toUpperCase();

    return this.play.play(
      body.session_id,
      `[answer ${option}]`,
      this.moves.answer(option),
    );
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOkResponse({ type: PlayResponseDto })
  pause(@Body() body: SessionIdDto): Promise<PlayResponse> {
    return this.play.play(body.session_id, '[pause_quiz]', this.moves.pause());
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOkResponse({ type: PlayResponseDto })
  resume(@Body() body: SessionIdDto): Promise<PlayResponse> {
    return this.play.play(
      body.session_id,
      '[resume_quiz]',
      this.moves.resume(),
    );
  }
}
