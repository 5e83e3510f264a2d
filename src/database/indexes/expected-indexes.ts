import { Schema } from 'mongoose';
import {
  CONVERSATIONS_COLLECTION,
  ConversationTurnRecordSchema,
} from '@/conversation-log/schemas/conversation-turn-record.schema';
import {
  QUIZZES_COLLECTION,
  QuizRecordSchema,
} from '@/quiz/schemas/quiz-record.schema';
import {
  SESSIONS_COLLECTION,
  SessionRecordSchema,
} from '@/session/schemas/session-record.schema';

/** One index the service needs, as declared under its schema. */
export interface IndexSpec {
  collection: string;
  name: string;
  key: Record<string, 1 | -1>;
  unique: boolean;
  expireAfterSeconds?: number;
}

/** Collections by the flag that puts them in MongoDB. */
export const SESSION_COLLECTIONS = [SESSIONS_COLLECTION, QUIZZES_COLLECTION];
export const LOG_COLLECTIONS = [CONVERSATIONS_COLLECTION];

const SCHEMAS: Record<string, Schema> = {
  [SESSIONS_COLLECTION]: SessionRecordSchema,
  [CONVERSATIONS_COLLECTION]: ConversationTurnRecordSchema,
  [QUIZZES_COLLECTION]: QuizRecordSchema,
};

/** The indexes of the given collections, read from their schemas. */
export function expectedIndexes(
  collections: string[] = Object.keys(SCHEMAS),
): IndexSpec[] {
  return collections.flatMap((collection) =>
    SCHEMAS[collection].indexes().map(([key, options]) => ({
      collection,
      name: String(options.name),
      key: key as Record<string, 1 | -1>,
      unique: options.unique === true,
      ...(options.expireAfterSeconds !== undefined && {
        expireAfterSeconds: Number(options.expireAfterSeconds),
      }),
    })),
  );
}
