import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard } from '@/common/admin/admin-key.guard';
import { NoQueryDto } from '@/common/dto/no-query.dto';
import { ListSessionsQueryDto } from './dto/list-sessions-query.dto';
import { SessionStore } from './session.store';
import { Page, Session, SessionStats } from './session.types';

@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('sessions')
export class SessionsAdminController {
  constructor(private readonly store: SessionStore) {}

  /** Live sessions, newest first. */
  @Get()
  list(@Query() query: ListSessionsQueryDto): Promise<Page<Session>> {
    const { page, limit, ...filter } = query;

    return this.store.list(filter, { page, limit });
  }

  /** Counts of live sessions: active means not yet DONE. */
  @Get('stats')
  stats(@Query() _query: NoQueryDto): Promise<SessionStats> {
    return this.store.stats();
  }
}
