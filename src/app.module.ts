import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { AlertsModule } from './alerts/alerts.module';
import { RedisModule } from './cache/redis.module';
import { ChatModule } from './chat/chat.module';
import { ShutdownStateModule } from './common/lifecycle/shutdown-state';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { MigrationModule } from './migration/migration.module';
import { ClockModule } from './common/clock/clock.module';
import { HttpExceptionFilter } from './common/http/http-exception.filter';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { ConversationLogModule } from './conversation-log/conversation-log.module';
import { DatabaseModule } from './database/database.module';
import { QuizModule } from './quiz/quiz.module';
import { sessionModuleOptions } from './session/session-module-options.factory';
import { SessionModule } from './session/session.module';

/**
 * The whole service for one validated configuration. MongoDB is connected
 * only when a flag asks for it.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forConfig(config),
        ClockModule,
        ShutdownStateModule,
        RateLimitModule,
        MetricsModule,
        AlertsModule,
        ...(config.mongo.enabled ? [DatabaseModule] : []),
        ...(config.redis.enabled ? [RedisModule] : []),
        SessionModule.forRootAsync({
          isGlobal: true,
          inject: [ConfigService],
          useFactory: sessionModuleOptions,
        }),
        ConversationLogModule,
        QuizModule,
        ChatModule,
        HealthModule,
        MigrationModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
