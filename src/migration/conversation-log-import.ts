import { Collection, MongoBulkWriteError } from 'mongodb';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConversationTurn } from '@/conversation-log/conversation-turn';
import { readTurnFile } from '@/conversation-log/jsonl/jsonl-reader';
import { sessionIdOfLogFile } from '@/conversation-log/jsonl/log-file-name';
import { DUPLICATE_KEY } from '@/database/mongo-errors';

/** A line that was skipped, by file name (within the folder) and number. */
export interface BadLineReport {
  file: string;
  line: number;
  reason: string;
}

export interface LogImportProgress {
  filesRead: number;
  files: number;
  records: number;
}

export interface LogImportOptions {
  directory: string;
  /** Zone of timestamps written without an offset (legacy logs). */
  timeZone: string;
  /** Turns per insert. Default 500. */
  batchSize?: number;
  /** Files between two progress calls. Default 500. */
  progressEvery?: number;
  onProgress?: (progress: LogImportProgress) => void;
  onBadLine?: (bad: BadLineReport) => void;
}

export interface LogImportSummary {
  files: number;
  sessions: number;
  /** Valid records read. */
  records: number;
  imported: number;
  alreadyPresent: number;
  badLines: BadLineReport[];
}

/** Where imported turns go; absent for a dry run. */
export interface TurnSink {
  insert(turns: ConversationTurn[]): Promise<InsertCounts>;
}

export interface InsertCounts {
  inserted: number;
  duplicates: number;
}

const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_PROGRESS_EVERY = 500;

/**
 * Imports every `.jsonl` file of a folder, this service's layout and the
 * legacy one alike (other files, such as the `.txt` twins, are ignored).
 * A record without a turn number takes its position among the valid
 * records of its file. Bad lines are reported and skipped. Turns already
 * stored (same session and turn number) count as already present, so a
 * second run adds nothing.
 */
export async function importConversationLogs(
  sink: TurnSink | undefined,
  options: LogImportOptions,
): Promise<LogImportSummary> {
  const names = (await readdir(options.directory))
    .filter((name) => name.endsWith('.jsonl'))
    .sort();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const progressEvery = options.progressEvery ?? DEFAULT_PROGRESS_EVERY;
  const summary: LogImportSummary = {
    files: names.length,
    sessions: 0,
    records: 0,
    imported: 0,
    alreadyPresent: 0,
    badLines: [],
  };
  const sessions = new Set<string>();
  let batch: ConversationTurn[] = [];

  const flush = async (): Promise<void> => {
    if (!sink || batch.length === 0) return;
    const counts = await sink.insert(batch);
    summary.imported += counts.inserted;
    summary.alreadyPresent += counts.duplicates;
    batch = [];
  };

  for (const [index, name] of names.entries()) {
    const turns = readTurnFile(join(options.directory, name), {
      timeZone: options.timeZone,
      sessionId: sessionIdOfLogFile(name) ?? undefined,
      onBadLine: ({ line, reason }) => {
        const bad = { file: name, line, reason };
        summary.badLines.push(bad);
        options.onBadLine?.(bad);
      },
    });
    for await (const turn of turns) {
      summary.records += 1;
      sessions.add(turn.session_id);
      batch.push(turn);
      if (batch.length >= batchSize) await flush();
    }

    const filesRead = index + 1;
    if (filesRead % progressEvery === 0) {
      const { files, records } = summary;
      options.onProgress?.({ filesRead, files, records });
    }
  }
  await flush();
  summary.sessions = sessions.size;

  return summary;
}

/**
 * Inserts into the conversations collection, unordered, so one duplicate
 * does not stop the rest; the unique (session_id, turn_number) index turns
 * a turn already there into a duplicate-key error, counted, not thrown.
 */
export function mongoTurnSink(
  collection: Collection<ConversationTurn>,
): TurnSink {
  return {
    insert: async (turns) => {
      try {
        const documents = turns.map((turn) => ({ ...turn }));
        const result = await collection.insertMany(documents, {
          ordered: false,
        });
        return { inserted: result.insertedCount, duplicates: 0 };
      } catch (error) {
        const duplicates = duplicateCount(error);
        if (duplicates === undefined) throw error;

        const inserted = (error as MongoBulkWriteError).result.insertedCount;
        return { inserted, duplicates };
      }
    },
  };
}

/** How many writes failed as duplicates; undefined if any failed otherwise. */
function duplicateCount(error: unknown): number | undefined {
  if (!(error instanceof MongoBulkWriteError)) return undefined;

  const failures = [error.writeErrors].flat();
  return failures.every((failure) => failure.code === DUPLICATE_KEY)
    ? failures.length
    : undefined;
}
