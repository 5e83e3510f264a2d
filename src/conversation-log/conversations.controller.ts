import {
  Controller,
  Get,
  Query,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { AdminKeyGuard } from '@/common/admin/admin-key.guard';
import { Page } from '@/session/session.types';
import { ConversationLog } from './conversation-log.store';
import { ConversationTurn } from './conversation-turn';
import { FindTurnsQueryDto, TurnFilterDto } from './dto/find-turns-query.dto';
import { serializeTurn } from './jsonl/turn-line';
import { TurnRecorder } from './turn-recorder.service';

@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly log: ConversationLog,
    private readonly recorder: TurnRecorder,
  ) {}

  /**
   * One session's turns by turn number, or a wider query by time. Queued
   * turns are written first, so a turn just acknowledged is listed.
   */
  @Get()
  @ApiOkResponse({ description: 'A page of turns' })
  async find(
    @Query() query: FindTurnsQueryDto,
  ): Promise<Page<ConversationTurn>> {
    const { page, limit, ...filter } = query;
    await this.recorder.flush();

    return this.log.findTurns(filter, { page, limit });
  }

  /**
   * Streams matching turns as JSONL. The first turn is read before the
   * response starts, so an outage still answers 503 rather than a cut
   * stream.
   */
  @Get('export')
  @ApiOkResponse({ description: 'application/x-ndjson, one turn a line' })
  async export(@Query() query: TurnFilterDto): Promise<StreamableFile> {
    await this.recorder.flush();
    const turns = this.log.exportTurns(query)[Symbol.asyncIterator]();
    const first = await turns.next();

    async function* lines(): AsyncGenerator<string> {
      if (first.done) return;
      yield serializeTurn(first.value) + '\n';
      for (
        let next = await turns.next();
        !next.done;
        next = await turns.next()
      ) {
        yield serializeTurn(next.value) + '\n';
      }
    }

    return new StreamableFile(Readable.from(lines()), {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: 'attachment; filename="conversations.jsonl"',
    });
  }
}
