import { getConnectionToken } from '@nestjs/mongoose';
import { Collection, Document } from 'mongodb';
import { Connection } from 'mongoose';

/** Injects the shared connection when DatabaseModule is imported. */
export const OPTIONAL_MONGO_CONNECTION = {
  token: getConnectionToken(),
  optional: true,
};

/**
 * The driver collection behind a name, from the one shared connection.
 * Fails at start-up, naming the cause, when no connection was configured.
 */
export function mongoCollection<T extends Document>(
  connection: Connection | undefined,
  name: string,
): Collection<T> {
  if (!connection) {
    throw new Error(
      `A MongoDB store was chosen for "${name}" but no MongoDB connection ` +
        'is configured; set MONGODB_URI and import DatabaseModule',
    );
  }

  return connection.getClient().db(connection.name).collection<T>(name);
}
