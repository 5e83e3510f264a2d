import {
  AnyBulkWriteOperation,
  Collection,
  Filter,
  MongoBulkWriteError,
} from 'mongodb';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { callMongo, DUPLICATE_KEY } from '@/database/mongo-errors';
import { Page, PageRequest } from '@/session/session.types';
import { ConversationLog } from '../conversation-log.store';
import { ConversationTurn, TurnQuery } from '../conversation-turn';

type StoredTurn = ConversationTurn & { _id?: unknown };

/**
 * One document per turn in the conversations collection. The unique
 * (session_id, turn_number) index makes a replayed batch harmless: turns
 * already stored are reported as duplicates and skipped.
 */
export class MongoConversationLog extends ConversationLog {
  readonly kind = 'mongo';

  constructor(
    private readonly turns: Collection<StoredTurn>,
    private readonly maxTimeMs: number,
  ) {
    super();
  }

  async append(turns: ConversationTurn[]): Promise<void> {
    if (turns.length === 0) return;

    const operations: AnyBulkWriteOperation<StoredTurn>[] = turns.map(
      (turn) => ({ insertOne: { document: { ...turn } } }),
    );
    await callMongo(async () => {
      try {
        await this.turns.bulkWrite(operations, { ordered: false });
      } catch (error) {
        if (onlyDuplicates(error, operations.length)) return;
        // An outage surfaces as a bulk error without any write error.
        if (error instanceof MongoBulkWriteError && !writeErrorsOf(error)[0]) {
          throw new StoreUnavailableError('MongoDB', { cause: error });
        }
        throw error;
      }
    });
  }

  async findTurns(
    query: TurnQuery,
    page: PageRequest,
  ): Promise<Page<ConversationTurn>> {
    const filter = toFilter(query);
    const [records, total] = await callMongo(() =>
      Promise.all([
        this.turns
          .find(filter, { maxTimeMS: this.maxTimeMs })
          .sort(sortFor(query))
          .skip((page.page - 1) * page.limit)
          .limit(page.limit)
          .toArray(),
        this.turns.countDocuments(filter, { maxTimeMS: this.maxTimeMs }),
      ]),
    );

    return { ...page, total, items: records.map(withoutId) };
  }

  async *exportTurns(query: TurnQuery): AsyncIterable<ConversationTurn> {
    const cursor = this.turns.find(toFilter(query)).sort(sortFor(query));
    try {
      while (true) {
        const record = await callMongo(() => cursor.next());
        if (!record) return;
        yield withoutId(record);
      }
    } finally {
      await cursor.close();
    }
  }
}

/** True when every turn is stored: inserted now or already there. */
function onlyDuplicates(error: unknown, count: number): boolean {
  if (!(error instanceof MongoBulkWriteError)) return false;

  const errors = writeErrorsOf(error);
  return (
    errors.length > 0 &&
    errors.every((e) => e.code === DUPLICATE_KEY) &&
    error.result.insertedCount + errors.length === count
  );
}

function writeErrorsOf(error: MongoBulkWriteError): { code: number }[] {
  return error.writeErrors === undefined ? [] : [error.writeErrors].flat();
}

function toFilter(query: TurnQuery): Filter<StoredTurn> {
  const filter: Filter<StoredTurn> = {};
  if (query.session_id) filter.session_id = query.session_id;
  if (query.mode) filter.mode = query.mode;
  if (query.language) filter.language = query.language;
  if (query.from || query.to) {
    filter.timestamp = {
      ...(query.from && { $gte: query.from }),
      ...(query.to && { $lt: query.to }),
    };
  }

  return filter;
}

function sortFor(query: TurnQuery): Record<string, 1> {
  return query.session_id
    ? { turn_number: 1 }
    : { timestamp: 1, session_id: 1, turn_number: 1 };
}

function withoutId(record: StoredTurn): ConversationTurn {
  const { _id, ...turn } = record;
  void _id;

  return turn;
}
