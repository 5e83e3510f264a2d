import {
  parseBoolean,
  parseHttpUrl,
  parseInteger,
  parseList,
  parseMongoUri,
  parseOneOf,
  Parsed,
  parseRedisUrl,
  parseString,
} from './env-parsers';

interface VariableSpec<T> {
  parse: (raw: string) => Parsed<T>;
  /** Used when the variable is unset or empty; undefined means optional. */
  fallback?: T;
}

function variable<T>(
  parse: (raw: string) => Parsed<T>,
  fallback?: T,
): VariableSpec<T> {
  return { parse, fallback };
}

const MINUTE_LIMIT = 60 * 24 * 365;
const MS_LIMIT = 600_000;

/** Every variable the service reads, with its parser and default. */
export const ENV_SCHEMA = {
  NODE_ENV: variable(
    parseOneOf(['development', 'production', 'test'] as const),
    'development',
  ),
  HOST: variable(parseString, '0.0.0.0'),
  PORT: variable(parseInteger(0, 65535), 8913),
  LOG_LEVEL: variable(
    parseOneOf(['error', 'warn', 'log', 'debug', 'verbose'] as const),
    'log',
  ),
  LOG_FORMAT: variable(parseOneOf(['json', 'pretty'] as const)),

  USE_MONGO_SESSION: variable(parseBoolean, false),
  USE_MONGO_LOGS: variable(parseBoolean, false),
  MONGODB_URI: variable(parseMongoUri, 'mongodb://localhost:27017/jti_app'),
  MONGO_MAX_POOL_SIZE: variable(parseInteger(1, 1000), 50),
  MONGO_MIN_POOL_SIZE: variable(parseInteger(0, 1000), 10),
  MONGO_SERVER_SELECTION_TIMEOUT_MS: variable(
    parseInteger(100, MS_LIMIT),
    2000,
  ),
  MONGO_CONNECT_TIMEOUT_MS: variable(parseInteger(100, MS_LIMIT), 2000),
  MONGO_SOCKET_TIMEOUT_MS: variable(parseInteger(100, MS_LIMIT), 10000),
  MONGO_OPERATION_TIMEOUT_MS: variable(parseInteger(50, MS_LIMIT), 2500),
  MONGO_REPAIR_INDEXES: variable(parseBoolean, false),

  SESSION_TTL_MINUTES: variable(parseInteger(1, MINUTE_LIMIT), 30),
  SESSION_SWEEP_INTERVAL_SECONDS: variable(parseInteger(1, 86_400), 60),
  CONVERSATION_LOG_DIR: variable(parseString, 'logs/conversations'),
  ADMIN_API_KEY: variable(parseString),

  BODY_LIMIT_BYTES: variable(parseInteger(1024, 64 * 1024 * 1024), 1_048_576),
  CHAT_MESSAGE_MAX_LENGTH: variable(parseInteger(1, 1_000_000), 20_000),
  CORS_ORIGINS: variable(parseList, [] as string[]),
  RATE_LIMIT_SESSIONS_PER_MINUTE: variable(parseInteger(1, 10_000_000), 6000),
  RATE_LIMIT_CHAT_PER_MINUTE: variable(parseInteger(1, 10_000_000), 6000),

  HEALTH_TIMEOUT_MS: variable(parseInteger(50, MS_LIMIT), 1500),
  ALERT_WEBHOOK_URL: variable(parseHttpUrl),
  ALERT_MONGO_FAILURE_THRESHOLD: variable(parseInteger(0, 1_000_000), 3),
  ALERT_P99_THRESHOLD_MS: variable(parseInteger(1, MS_LIMIT), 500),
  ALERT_WINDOW_SECONDS: variable(parseInteger(1, 86_400), 300),
  ALERT_EVALUATION_SECONDS: variable(parseInteger(1, 3600), 15),
  ALERT_MIN_SAMPLES: variable(parseInteger(1, 1_000_000), 20),
  METRICS_SAMPLE_SECONDS: variable(parseInteger(1, 3600), 30),
  SHUTDOWN_DELAY_MS: variable(parseInteger(0, MS_LIMIT), 0),

  USE_REDIS_CACHE: variable(parseBoolean, false),
  REDIS_URL: variable(parseRedisUrl, 'redis://127.0.0.1:6379'),
  REDIS_COMMAND_TIMEOUT_MS: variable(parseInteger(5, MS_LIMIT), 150),
  CACHE_TTL_SECONDS: variable(parseInteger(1, 86_400), 300),
  CACHE_HOLD_POLL_MS: variable(parseInteger(50, 5_000), 250),

  SESSION_SHADOW_WRITES: variable(parseBoolean, false),
  MONGO_ROLLOUT_PERCENT: variable(parseInteger(0, 100), 100),
  SESSION_SNAPSHOT_PATH: variable(parseString),

  LOG_BATCH_SIZE: variable(parseInteger(1, 10_000), 100),
  LOG_FLUSH_INTERVAL_MS: variable(parseInteger(1, MS_LIMIT), 50),
  LOG_QUEUE_LIMIT: variable(parseInteger(1, 10_000_000), 10_000),
  LOG_SPOOL_DIR: variable(parseString, 'logs/spool'),
};

export type EnvSchema = typeof ENV_SCHEMA;

type SpecValue<S> = S extends VariableSpec<infer T> ? T : never;

/** The parsed environment: defaulted variables are always present. */
export type Environment = {
  [K in keyof EnvSchema]: EnvSchema[K]['fallback'] extends undefined
    ? SpecValue<EnvSchema[K]> | undefined
    : SpecValue<EnvSchema[K]>;
};
