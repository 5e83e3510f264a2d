import { SessionStore } from '../session.store';
import { ImportOutcome, Session } from '../session.types';
import { SnapshotEntry } from './session-snapshot-file';

/** What an import did; copied + skipped + failed = sessions offered. */
export interface ImportCounts {
  copied: number;
  skipped: number;
  failed: number;
}

/** A session that could not be imported, and where it came from. */
export interface ImportProblem {
  line?: number;
  sessionId?: string;
  reason: string;
}

/**
 * Where imported sessions go, a batch at a time: one outcome per session,
 * in order, or the error that session failed with.
 */
export interface ImportTarget {
  importBatch(sessions: Session[]): Promise<(ImportOutcome | Error)[]>;
}

export interface ImportOptions {
  /** Sessions handed to the target at once. Default 100. */
  batchSize?: number;
  /** Sessions between two progress calls. Default 1,000. */
  progressEvery?: number;
  onProgress?: (counts: ImportCounts) => void;
  onProblem?: (problem: ImportProblem) => void;
  /**
   * True for an error that will fail every later import too (the server
   * is down): the sessions still to come are then counted as failed
   * without trying them.
   */
  isFatal?: (error: unknown) => boolean;
  /** Stops taking new batches; the batch under way finishes. */
  signal?: AbortSignal;
}

/** What an import reads: a session, or a line that held none. */
export type ImportSource = AsyncIterable<
  SnapshotEntry | { line?: undefined; session: Session }
>;

/** The source failed part-way; the sessions counted so far were handled. */
export class ImportStoppedError extends Error {
  constructor(
    readonly counts: ImportCounts,
    cause: unknown,
  ) {
    super(describe(cause), { cause });
    this.name = 'ImportStoppedError';
  }
}

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_PROGRESS_EVERY = 1_000;
/** Imports a plain store runs at once. */
const STORE_CONCURRENCY = 16;

type Pending = { session: Session; line?: number };

/**
 * Copies sessions into a store (or a batch importer) the importSession
 * way: absent sessions are inserted and only a lower stored version is
 * replaced, so running it again, or after an interrupted run, copies
 * nothing twice and never overwrites a newer copy.
 */
export async function importSessions(
  source: ImportSource,
  target: SessionStore | ImportTarget,
  options: ImportOptions = {},
): Promise<ImportCounts> {
  const importer = 'importBatch' in target ? target : storeTarget(target);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const progressEvery = options.progressEvery ?? DEFAULT_PROGRESS_EVERY;
  const counts: ImportCounts = { copied: 0, skipped: 0, failed: 0 };
  let batch: Pending[] = [];
  let fatal = false;

  const settle = (outcome: keyof ImportCounts): void => {
    counts[outcome] += 1;
    const done = counts.copied + counts.skipped + counts.failed;
    if (done % progressEvery === 0) options.onProgress?.({ ...counts });
  };
  const fail = (item: Pending, error: unknown): void => {
    if (options.isFatal?.(error)) fatal = true;
    const { line, session } = item;
    options.onProblem?.({
      line,
      sessionId: session.session_id,
      reason: describe(error),
    });
    settle('failed');
  };
  const flush = async (): Promise<void> => {
    const pending = batch;
    batch = [];
    if (fatal) {
      pending.forEach(() => settle('failed'));
      return;
    }

    const outcomes = await importer
      .importBatch(pending.map((item) => item.session))
      .catch((error: Error) => pending.map(() => error));
    pending.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome === 'copied' || outcome === 'skipped') settle(outcome);
      else fail(item, outcome);
    });
  };

  try {
    for await (const entry of source) {
      if (options.signal?.aborted) break;
      if ('error' in entry) {
        options.onProblem?.({ line: entry.line, reason: entry.error });
        settle('failed');
        continue;
      }

      batch.push(entry);
      if (batch.length >= batchSize) await flush();
    }
    if (!options.signal?.aborted) await flush();
  } catch (error) {
    // What was read before the source failed is still imported.
    await flush().catch(() => undefined);
    throw new ImportStoppedError(counts, error);
  }

  return counts;
}

/** Wraps plain sessions (from a store) as an import source. */
export async function* sessionsToImport(
  sessions: AsyncIterable<Session>,
): ImportSource {
  for await (const session of sessions) yield { session };
}

/** A store as a target: importSession for each, a few at a time. */
function storeTarget(store: SessionStore): ImportTarget {
  return {
    importBatch: async (sessions) => {
      const outcomes: (ImportOutcome | Error)[] = [];
      for (let i = 0; i < sessions.length; i += STORE_CONCURRENCY) {
        const chunk = sessions.slice(i, i + STORE_CONCURRENCY);
        outcomes.push(
          ...(await Promise.all(
            chunk.map((session) =>
              store.importSession(session).catch((error) => toError(error)),
            ),
          )),
        );
      }

      return outcomes;
    },
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
