import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { SessionIdDto } from '@/common/dto/session-id.dto';
import { RateLimited } from '@/common/rate-limit/rate-limited.decorator';
import { quizMessage } from '@/quiz/quiz-messages';
import { withExchange } from './chat-history';
import { StartSessionDto } from './dto/start-session.dto';
import { StartSessionResponseDto } from './dto/start-session-response.dto';
import { SessionService } from './session.service';
import { Session } from './session.types';

@ApiTags('sessions')
@Controller()
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  /** Creates a session in WELCOME and greets in its language. */
  @Post('start_session')
  @RateLimited('sessions')
  @ApiCreatedResponse({ type: StartSessionResponseDto })
  startByPost(@Body() body: StartSessionDto): Promise<StartSessionResponseDto> {
    return this.start(body);
  }

  /**
   * The same as POST, with defaults: load tests drive this path with
   * plain GET requests.
   */
  @Get('start_session')
  @RateLimited('sessions')
  @HttpCode(201)
  @ApiCreatedResponse({ type: StartSessionResponseDto })
  startByGet(): Promise<StartSessionResponseDto> {
    return this.start({});
  }

  @Get('session/:session_id')
  get(@Param() params: SessionIdDto): Promise<Session> {
    return this.sessions.get(params.session_id);
  }

  @Delete('session/:session_id')
  @HttpCode(204)
  async delete(@Param() params: SessionIdDto): Promise<void> {
    await this.sessions.delete(params.session_id);
  }

  /** Extends the session's life by a full TTL from now. */
  @Post('session/:session_id/touch')
  @HttpCode(200)
  touch(@Param() params: SessionIdDto): Promise<Session> {
    return this.sessions.touch(params.session_id);
  }

  private async start(body: StartSessionDto): Promise<StartSessionResponseDto> {
    const language = body.language ?? 'zh';
    const message = quizMessage('welcome', language);
    const session = await this.sessions.start(
      body.mode ?? 'COLOR',
      language,
      (fresh) => ({
        chat_history: withExchange([], '', message, fresh.created_at).slice(1),
      }),
    );

    return {
      session_id: session.session_id,
      mode: session.mode,
      step: session.step,
      message,
    };
  }
}
