/** Every metric the service exposes, in one place. */
export const METRIC = {
  storeOperationDuration: 'jti_store_operation_duration_seconds',
  storeOperationTimeouts: 'jti_store_operation_timeouts_total',
  httpRequestDuration: 'jti_http_request_duration_seconds',
  mongoHealthChecks: 'jti_mongo_health_checks_total',
  mongoConnectionFailures: 'jti_mongo_connection_failures_total',
  activeSessions: 'jti_active_sessions',
  storageSize: 'jti_storage_size_bytes',
  conversationLogQueueDepth: 'jti_conversation_log_queue_depth',
  alerts: 'jti_alerts_total',
  cacheRequests: 'jti_cache_requests_total',
  mirrorWrites: 'jti_mirror_writes_total',
} as const;

/** Fine enough to read p50, p95 and p99 between 0.1 ms and 5 s. */
export const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
  0.5, 1, 2.5, 5,
];
