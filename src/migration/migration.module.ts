import { Module } from '@nestjs/common';
import { SessionMigrationController } from './session-migration.controller';
import { SessionMigrationService } from './session-migration.service';

/** Admin endpoints of the move from memory sessions to MongoDB. */
@Module({
  controllers: [SessionMigrationController],
  providers: [SessionMigrationService],
})
export class MigrationModule {}
