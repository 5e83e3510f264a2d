import { ConfigService } from '@nestjs/config';
import { AppConfig } from '@/config/app-config';
import { SessionModuleOptions } from './session-module.options';

/** Which stores USE_MONGO_SESSION and USE_MONGO_LOGS choose. */
export function sessionModuleOptions(
  config: ConfigService<AppConfig, true>,
): SessionModuleOptions {
  const session = config.get('session', { infer: true });
  const log = config.get('conversationLog', { infer: true });
  const maxTimeMs = config.get('mongo', { infer: true }).operationTimeoutMs;

  return {
    sessions: session.useMongo
      ? { store: 'mongo', maxTimeMs }
      : { store: 'memory' },
    quizResults: session.useMongo
      ? { store: 'mongo', maxTimeMs }
      : { store: 'memory' },
    conversationLog: log.useMongo
      ? { store: 'mongo', maxTimeMs }
      : { store: 'file', directory: log.directory },
    ttlMinutes: session.ttlMinutes,
    sweepIntervalSeconds: session.sweepIntervalSeconds,
  };
}
