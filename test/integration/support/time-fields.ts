import { types } from 'node:util';
import { Collection, Document, Filter } from 'mongodb';

/** Time fields of each collection; nullable ones may hold null instead. */
export const TIME_FIELDS = {
  sessions: {
    required: ['created_at', 'updated_at', 'expires_at'],
    nullable: ['quiz_started_at', 'quiz_completed_at'],
  },
  conversations: { required: ['timestamp'], nullable: [] },
  quizzes: { required: ['started_at', 'completed_at'], nullable: [] },
} as const;

export type TimeFieldSet = (typeof TIME_FIELDS)[keyof typeof TIME_FIELDS];

/**
 * "field: count" for each time field that some document in scope stores
 * as anything but a BSON date, asked of the server with $type.
 */
export async function countNonDateFields<T extends Document>(
  collection: Collection<T>,
  fields: TimeFieldSet,
  scope: Filter<Document> = {},
): Promise<string[]> {
  const queries: [string, Filter<Document>][] = [
    ...fields.required.map((field): [string, Filter<Document>] => [
      field,
      { [field]: { $not: { $type: 'date' } } },
    ]),
    ...fields.nullable.map((field): [string, Filter<Document>] => [
      field,
      { [field]: { $ne: null, $not: { $type: 'date' } } },
    ]),
  ];
  const counts = await Promise.all(
    queries.map(async ([field, query]) => {
      const count = await collection.countDocuments({
        ...scope,
        ...query,
      } as Filter<T>);
      return `${field}: ${count}`;
    }),
  );

  return counts.filter((entry) => !entry.endsWith(': 0'));
}

/**
 * Paths of a record's time fields that do not hold a Date. The driver
 * reads BSON dates, and only those, as Date objects. The check is
 * util.types.isDate rather than instanceof: structuredClone, which the
 * memory stores copy with, makes its Dates in Node's own realm, not in the
 * test's.
 */
export function nonDatePaths(
  record: Record<string, unknown>,
  fields: TimeFieldSet,
): string[] {
  const required = fields.required.filter((field) => !isDate(record[field]));
  const nullable = fields.nullable.filter(
    (field) => record[field] !== null && !isDate(record[field]),
  );

  return [...required, ...nullable];
}

/** Whether a value is a Date, from whichever realm made it. */
export function isDate(value: unknown): value is Date {
  return types.isDate(value);
}
