import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard } from '@/common/admin/admin-key.guard';
import { ImportCounts } from '@/session/snapshot/session-import';
import { SessionComparison } from './session-comparison';
import { SessionMigrationService } from './session-migration.service';

/** Phase 1 of the move to MongoDB; 409 MIGRATION_UNAVAILABLE otherwise. */
@ApiTags('admin')
@ApiSecurity('admin-key')
@UseGuards(AdminKeyGuard)
@Controller('admin/migrations/sessions')
export class SessionMigrationController {
  constructor(private readonly migration: SessionMigrationService) {}

  /** Copies every live memory session into MongoDB; safe to repeat. */
  @Post()
  @HttpCode(200)
  @ApiOkResponse({ description: '{copied, skipped, failed}' })
  backfill(): Promise<ImportCounts> {
    return this.migration.backfill();
  }

  /** Live memory sessions missing or different in MongoDB. */
  @Get('verify')
  @ApiOkResponse({ description: 'Counts and ids of each difference' })
  verify(): Promise<SessionComparison> {
    return this.migration.verify();
  }
}
