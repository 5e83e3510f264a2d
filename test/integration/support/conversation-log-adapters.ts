import { BSON, Collection } from 'mongodb';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationLog } from '@/conversation-log/conversation-log.store';
import { ConversationTurn } from '@/conversation-log/conversation-turn';
import {
  CONVERSATIONS_COLLECTION,
  ConversationTurnRecordSchema,
} from '@/conversation-log/schemas/conversation-turn-record.schema';
import { FileConversationLog } from '@/conversation-log/stores/file-conversation-log.store';
import { MongoConversationLog } from '@/conversation-log/stores/mongo-conversation-log.store';
import { MongoTestDatabase } from './mongo-test-database';
import { countNonDateFields, isDate, TIME_FIELDS } from './time-fields';

const MAX_TIME_MS = 10_000;

/** A fresh, empty log under test with a look at what it stored. */
export interface ConversationLogFixture {
  sut: ConversationLog;
  /** Size in bytes of each stored record: a document or a line. */
  storedRecordSizes(): Promise<number[]>;
  /** Time fields stored as anything but a date. */
  findNonDateTimes(): Promise<string[]>;
}

export interface ConversationLogAdapter {
  name: string;
  setUp(): Promise<void>;
  build(): Promise<ConversationLogFixture>;
  cleanUp(): Promise<void>;
  tearDown(): Promise<void>;
}

export function fileConversationLogAdapter(): ConversationLogAdapter {
  const directories: string[] = [];

  return {
    name: FileConversationLog.name,
    setUp: async () => undefined,
    build: async () => {
      const directory = await mkdtemp(join(tmpdir(), 'jti-log-contract-'));
      directories.push(directory);

      return {
        sut: new FileConversationLog(directory),
        storedRecordSizes: () => lineSizes(directory),
        findNonDateTimes: () => readBackNonDateTimes(directory),
      };
    },
    cleanUp: async () => {
      const removed = directories.splice(0);
      await Promise.all(
        removed.map((dir) => rm(dir, { recursive: true, force: true })),
      );
    },
    tearDown: async () => undefined,
  };
}

export function mongoConversationLogAdapter(): ConversationLogAdapter {
  const database = new MongoTestDatabase();

  return {
    name: MongoConversationLog.name,
    setUp: () => database.connect(),
    build: async () => {
      const collection = await database.collection<ConversationTurn>(
        CONVERSATIONS_COLLECTION,
        ConversationTurnRecordSchema,
      );

      return {
        sut: new MongoConversationLog(collection, MAX_TIME_MS),
        storedRecordSizes: () => documentSizes(collection),
        findNonDateTimes: () =>
          countNonDateFields(collection, TIME_FIELDS.conversations),
      };
    },
    cleanUp: () => database.dropAll(),
    tearDown: () => database.close(),
  };
}

async function lineSizes(directory: string): Promise<number[]> {
  const sizes: number[] = [];
  for (const name of await readdir(directory)) {
    const text = await readFile(join(directory, name), 'utf8');
    for (const line of text.split('\n').filter(Boolean)) {
      sizes.push(Buffer.byteLength(line));
    }
  }

  return sizes;
}

async function documentSizes(
  collection: Collection<ConversationTurn>,
): Promise<number[]> {
  const sizes: number[] = [];
  for await (const document of collection.find({})) {
    sizes.push(BSON.calculateObjectSize(document));
  }

  return sizes;
}

/**
 * A JSONL line holds only text, so what counts is what a log opened on
 * the folder afterwards, as after a restart, reads back from it.
 */
async function readBackNonDateTimes(directory: string): Promise<string[]> {
  const reader = new FileConversationLog(directory);
  const found: string[] = [];
  for await (const turn of reader.exportTurns({})) {
    if (!isDate(turn.timestamp)) {
      found.push(`${turn.session_id}#${turn.turn_number}.timestamp`);
    }
  }

  return found;
}
