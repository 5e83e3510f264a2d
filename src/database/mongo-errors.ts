import { MongoError, MongoServerError } from 'mongodb';
import { StoreUnavailableError } from '@/common/errors/store.errors';

export const DUPLICATE_KEY = 11000;
export const NOT_IMPLEMENTED = 238;

/** Server codes that mean "not now" rather than "wrong request". */
const TRANSIENT_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  50, // MaxTimeMSExpired
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoExpiredSessionError',
]);

const TIMEOUT_NAMES = new Set([
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
]);

/**
 * FerretDB 1.x answers a command that outlives maxTimeMS with
 * InternalError rather than MaxTimeMSExpired (the mapping
 * https://github.com/FerretDB/FerretDB/issues/497 asked for is missing on
 * these paths). Its SQLite backend words the same timeout three ways,
 * depending on where the deadline caught it.
 */
const SERVER_DEADLINE_MESSAGES = [
  'context deadline exceeded',
  // SQLITE_INTERRUPT: a query stopped by the deadline.
  'interrupted (9)',
  // The deadline rolled the transaction back before it could commit.
  'transaction has already been committed or rolled back',
];

function isServerDeadline(error: Error): boolean {
  return (
    error instanceof MongoServerError &&
    error.code === 1 &&
    SERVER_DEADLINE_MESSAGES.some((text) => error.message.includes(text))
  );
}

/**
 * FerretDB 1.x answers a command cut short by its own shutdown with
 * InternalError "context canceled": the server is going away.
 */
function isServerShuttingDown(error: Error): boolean {
  return (
    error instanceof MongoServerError &&
    error.code === 1 &&
    error.message.includes('context canceled')
  );
}

/** An outage where the server did not answer in time. */
export function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TIMEOUT_NAMES.has(error.name) || isServerDeadline(error)) return true;

  const code = (error as MongoError).code;
  return code === 50 || code === 262 || code === 89;
}

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** True when the database cannot serve now: an outage, not a bad request. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  if (isServerDeadline(error) || isServerShuttingDown(error)) return true;
  if (error instanceof MongoError) {
    if (error.hasErrorLabel('RetryableWriteError')) return true;
    if (typeof error.code === 'number' && TRANSIENT_CODES.has(error.code)) {
      return true;
    }
  }

  // Mongoose refuses commands outright while disconnected with buffering off.
  return /before initial connection is complete|Client must be connected/.test(
    error.message,
  );
}

/**
 * Runs a driver call, turning outage errors into StoreUnavailableError so
 * the API answers 503 and never mistakes an outage for "not found".
 */
export async function callMongo<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUnavailable(error))
      throw new StoreUnavailableError('MongoDB', { cause: error });
    throw error;
  }
}
