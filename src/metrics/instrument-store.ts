import { DomainError } from '@/common/errors/domain.error';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { MetricsService, OperationOutcome } from './metrics.service';

/** Something that reports failures to reach its backend. */
export interface FailureListener {
  onUnavailable(store: string): void;
  onAvailable(store: string): void;
}

/**
 * Wraps a store so every promise-returning method is timed and counted by
 * outcome. Streams (async iterables) pass through untimed.
 */
export function instrumentStore<T extends { kind: string }>(
  store: T,
  port: string,
  metrics: MetricsService,
  listener?: FailureListener,
): T {
  const label = `${port}:${store.kind}`;

  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') {
        return value;
      }

      const operation = property;
      return (...args: unknown[]) => {
        const started = process.hrtime.bigint();
        const result = value.apply(target, args);
        if (!(result instanceof Promise)) return result;

        return result.then(
          (ok) => {
            finish('ok');
            return ok;
          },
          (error: unknown) => {
            finish(outcomeOf(error), error);
            throw error;
          },
        );

        function finish(outcome: OperationOutcome, error?: unknown): void {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.observeOperation(label, operation, outcome, seconds);
          if ((error as StoreUnavailableError | undefined)?.timedOut) {
            metrics.storeTimeouts.inc({ store: label, operation });
          }
          if (outcome === 'unavailable') listener?.onUnavailable(label);
          else listener?.onAvailable(label);
        }
      };
    },
  });
}

function outcomeOf(error: unknown): OperationOutcome {
  if (!(error instanceof DomainError)) return 'error';

  switch (error.code) {
    case 'SESSION_NOT_FOUND':
      return 'not_found';
    case 'SESSION_CONFLICT':
    case 'SESSION_EXISTS':
      return 'conflict';
    case 'STORE_UNAVAILABLE':
      return 'unavailable';
    default:
      return 'error';
  }
}
