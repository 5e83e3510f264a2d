import { Environment } from './env.schema';

/** Typed configuration, grouped by concern; read through ConfigService. */
export interface AppConfig {
  http: {
    host: string;
    port: number;
    bodyLimitBytes: number;
    chatMessageMaxLength: number;
    corsOrigins: string[];
    /** Per client address, per minute. */
    sessionsPerMinute: number;
    chatPerMinute: number;
  };
  log: {
    level: Environment['LOG_LEVEL'];
    format: 'json' | 'pretty';
  };
  session: {
    useMongo: boolean;
    ttlMinutes: number;
    sweepIntervalSeconds: number;
    /** Phase 1: memory stays the truth, writes are mirrored to MongoDB. */
    shadowWrites: boolean;
    /** Phase 2: share of new sessions placed in MongoDB (100 = all). */
    rolloutPercent: number;
    /** Memory sessions are saved here on shutdown and loaded at start. */
    snapshotPath?: string;
  };
  conversationLog: {
    useMongo: boolean;
    directory: string;
    batchSize: number;
    flushIntervalMs: number;
    /** Turns waiting beyond this make new requests wait. */
    queueLimit: number;
    /** Batches that cannot be written yet are kept here until they can. */
    spoolDirectory: string;
  };
  mongo: {
    enabled: boolean;
    uri: string;
    maxPoolSize: number;
    minPoolSize: number;
    serverSelectionTimeoutMs: number;
    connectTimeoutMs: number;
    socketTimeoutMs: number;
    operationTimeoutMs: number;
    /** Rebuild conflicting indexes at start-up instead of reporting. */
    repairIndexes: boolean;
  };
  redis: {
    enabled: boolean;
    url: string;
    commandTimeoutMs: number;
    /** Longest a cached session copy lives (never past its expiry). */
    cacheTtlSeconds: number;
    /** How often each instance reads the cache hold in MongoDB, in ms. */
    holdPollMs: number;
  };
  admin: {
    apiKey?: string;
  };
  health: {
    timeoutMs: number;
  };
  alerts: {
    webhookUrl?: string;
    /** Failures to reach MongoDB tolerated within the window. */
    mongoFailureThreshold: number;
    p99ThresholdMs: number;
    windowSeconds: number;
    evaluationSeconds: number;
    /** Fewer samples than this never raise the latency alert. */
    minSamples: number;
  };
  metrics: {
    /** How often active sessions and storage size are sampled. */
    sampleSeconds: number;
  };
  shutdown: {
    /** Readiness is 503 for this long before the server stops. */
    delayMs: number;
  };
}

export function toAppConfig(env: Environment): AppConfig {
  return {
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      chatMessageMaxLength: env.CHAT_MESSAGE_MAX_LENGTH,
      corsOrigins: env.CORS_ORIGINS,
      sessionsPerMinute: env.RATE_LIMIT_SESSIONS_PER_MINUTE,
      chatPerMinute: env.RATE_LIMIT_CHAT_PER_MINUTE,
    },
    log: {
      level: env.LOG_LEVEL,
      format:
        env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
    },
    session: {
      useMongo: env.USE_MONGO_SESSION,
      ttlMinutes: env.SESSION_TTL_MINUTES,
      sweepIntervalSeconds: env.SESSION_SWEEP_INTERVAL_SECONDS,
      shadowWrites: env.SESSION_SHADOW_WRITES,
      rolloutPercent: env.MONGO_ROLLOUT_PERCENT,
      snapshotPath: env.SESSION_SNAPSHOT_PATH,
    },
    conversationLog: {
      useMongo: env.USE_MONGO_LOGS,
      directory: env.CONVERSATION_LOG_DIR,
      batchSize: env.LOG_BATCH_SIZE,
      flushIntervalMs: env.LOG_FLUSH_INTERVAL_MS,
      queueLimit: env.LOG_QUEUE_LIMIT,
      spoolDirectory: env.LOG_SPOOL_DIR,
    },
    mongo: {
      enabled:
        env.USE_MONGO_SESSION ||
        env.USE_MONGO_LOGS ||
        env.SESSION_SHADOW_WRITES,
      uri: env.MONGODB_URI,
      maxPoolSize: env.MONGO_MAX_POOL_SIZE,
      minPoolSize: env.MONGO_MIN_POOL_SIZE,
      serverSelectionTimeoutMs: env.MONGO_SERVER_SELECTION_TIMEOUT_MS,
      connectTimeoutMs: env.MONGO_CONNECT_TIMEOUT_MS,
      socketTimeoutMs: env.MONGO_SOCKET_TIMEOUT_MS,
      operationTimeoutMs: env.MONGO_OPERATION_TIMEOUT_MS,
      repairIndexes: env.MONGO_REPAIR_INDEXES,
    },
    redis: {
      enabled: env.USE_REDIS_CACHE,
      url: env.REDIS_URL,
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      cacheTtlSeconds: env.CACHE_TTL_SECONDS,
      holdPollMs: env.CACHE_HOLD_POLL_MS,
    },
    admin: { apiKey: env.ADMIN_API_KEY },
    health: { timeoutMs: env.HEALTH_TIMEOUT_MS },
    alerts: {
      webhookUrl: env.ALERT_WEBHOOK_URL,
      mongoFailureThreshold: env.ALERT_MONGO_FAILURE_THRESHOLD,
      p99ThresholdMs: env.ALERT_P99_THRESHOLD_MS,
      windowSeconds: env.ALERT_WINDOW_SECONDS,
      evaluationSeconds: env.ALERT_EVALUATION_SECONDS,
      minSamples: env.ALERT_MIN_SAMPLES,
    },
    metrics: { sampleSeconds: env.METRICS_SAMPLE_SECONDS },
    shutdown: { delayMs: env.SHUTDOWN_DELAY_MS },
  };
}
