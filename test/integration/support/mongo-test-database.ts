import { randomUUID } from 'node:crypto';
import {
  Collection,
  CreateIndexesOptions,
  Db,
  Document,
  IndexSpecification,
  MongoClient,
  MongoServerError,
} from 'mongodb';
import { Schema } from 'mongoose';
import { testMongoUri } from '@test/support/test-env';

/** NotImplemented: what FerretDB answers to a TTL index. */
const NOT_IMPLEMENTED = 238;

/**
 * One client on the shared test server, handing out a fresh database per
 * test with the indexes the app declares on its schemas.
 */
export class MongoTestDatabase {
  private client?: MongoClient;
  private readonly databases: Db[] = [];

  async connect(): Promise<void> {
    this.client = await MongoClient.connect(testMongoUri(), {
      serverSelectionTimeoutMS: 5_000,
    });
  }

  /** A database no other test uses. */
  fresh(): Db {
    if (!this.client) throw new Error('MongoTestDatabase is not connected');

    const db = this.client.db(`it_${randomUUID().slice(0, 12)}`);
    this.databases.push(db);

    return db;
  }

  /** A collection in a fresh database, indexed as the schema declares. */
  async collection<T extends Document>(
    name: string,
    schema: Schema,
  ): Promise<Collection<T>> {
    const collection = this.fresh().collection<T>(name);
    await createSchemaIndexes(collection, schema);

    return collection;
  }

  /** Drops every database handed out so far. */
  async dropAll(): Promise<void> {
    const databases = this.databases.splice(0);
    await Promise.all(databases.map((db) => db.dropDatabase()));
  }

  async close(): Promise<void> {
    await this.dropAll();
    await this.client?.close();
    this.client = undefined;
  }
}

/**
 * Creates each index of a Mongoose schema on a driver collection. A server
 * without TTL indexes gets the same index without expireAfterSeconds.
 */
export async function createSchemaIndexes<T extends Document>(
  collection: Collection<T>,
  schema: Schema,
): Promise<void> {
  for (const [definition, options] of schema.indexes()) {
    // Mongoose's index types are wider than the driver's; these are plain.
    const keys = definition as IndexSpecification;
    const indexOptions = options as CreateIndexesOptions;
    try {
      await collection.createIndex(keys, indexOptions);
    } catch (error) {
      if (!isNotImplemented(error)) throw error;

      const { expireAfterSeconds: _ttl, ...rest } = indexOptions;
      await collection.createIndex(keys, rest);
    }
  }
}

function isNotImplemented(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === NOT_IMPLEMENTED;
}
