import { ConfigService } from '@nestjs/config';
import { AppConfig } from '@/config/app-config';
import {
  QuizResultStoreOptions,
  SessionModuleOptions,
  SessionStoreOptions,
} from './session-module.options';

/** Which stores USE_MONGO_SESSION and USE_MONGO_LOGS choose. */
export function sessionModuleOptions(
  config: ConfigService<AppConfig, true>,
): SessionModuleOptions {
  const session = config.get('session', { infer: true });
  const log = config.get('conversationLog', { infer: true });
  const redis = config.get('redis', { infer: true });
  const maxTimeMs = config.get('mongo', { infer: true }).operationTimeoutMs;

  return {
    sessions:
      migrationPhaseStore(session, maxTimeMs) ??
      (session.useMongo
        ? {
            store: 'mongo',
            maxTimeMs,
            ...(redis.enabled && {
              cache: { ttlSeconds: redis.cacheTtlSeconds },
            }),
          }
        : { store: 'memory' }),
    quizResults: quizResultStore(session, maxTimeMs),
    conversationLog: log.useMongo
      ? { store: 'mongo', maxTimeMs }
      : { store: 'file', directory: log.directory },
    ttlMinutes: session.ttlMinutes,
    sweepIntervalSeconds: session.sweepIntervalSeconds,
    snapshotPath: session.snapshotPath,
  };
}

/**
 * Phase 1 (SESSION_SHADOW_WRITES) and phase 2 (USE_MONGO_SESSION with
 * MONGO_ROLLOUT_PERCENT below 100); undefined outside the migration.
 */
function migrationPhaseStore(
  session: AppConfig['session'],
  maxTimeMs: number,
): SessionStoreOptions | undefined {
  if (session.shadowWrites) return { store: 'shadow', maxTimeMs };
  if (session.useMongo && session.rolloutPercent < 100) {
    return { store: 'rollout', percent: session.rolloutPercent, maxTimeMs };
  }

  return undefined;
}

/** Results follow sessions: MongoDB from phase 2 on, mirrored in phase 1. */
function quizResultStore(
  session: AppConfig['session'],
  maxTimeMs: number,
): QuizResultStoreOptions {
  if (session.useMongo) return { store: 'mongo', maxTimeMs };

  return session.shadowWrites
    ? { store: 'shadow', maxTimeMs }
    : { store: 'memory' };
}
