import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@/config/app-config';
import { AppConfigModule } from '@/config/app-config.module';
import { DbHealthCommand } from './db-health.command';
import { DbIndexesCommand } from './db-indexes.command';
import { MigrateLogsCommand } from './migrate-logs.command';
import { MigrateSessionsCommand } from './migrate-sessions.command';
import { MigrateVerifyCommand } from './migrate-verify.command';

/** Operator commands; each opens only the connections it needs. */
@Module({})
export class CliModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [AppConfigModule.forConfig(config)],
      providers: [
        DbHealthCommand,
        DbIndexesCommand,
        MigrateSessionsCommand,
        MigrateVerifyCommand,
        MigrateLogsCommand,
      ],
    };
  }
}
