import { ModuleRef } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { Collection, Document } from 'mongodb';
import { Connection } from 'mongoose';

/**
 * The driver collection behind a name, from the one shared connection.
 * Fails at start-up, naming the cause, when no connection was configured.
 */
export function mongoCollection<T extends Document>(
  moduleRef: ModuleRef,
  name: string,
): Collection<T> {
  let connection: Connection;
  try {
    connection = moduleRef.get<Connection>(getConnectionToken(), {
      strict: false,
    });
  } catch {
    throw new Error(
      `A MongoDB store was chosen for "${name}" but no MongoDB connection ` +
        'is configured; import DatabaseModule',
    );
  }

  return connection.getClient().db(connection.name).collection<T>(name);
}
