import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '@/config/app-config';
import { FixedWindowStorage } from './fixed-window.storage';

/** Named limits; routes opt in with RateLimited('sessions' | 'chat'). */
export const RATE_LIMITS = ['sessions', 'chat'] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number];

const MINUTE_MS = 60_000;

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const http = config.get('http', { infer: true });
        return {
          throttlers: [
            { name: 'sessions', ttl: MINUTE_MS, limit: http.sessionsPerMinute },
            { name: 'chat', ttl: MINUTE_MS, limit: http.chatPerMinute },
          ],
          storage: new FixedWindowStorage(),
        };
      },
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
