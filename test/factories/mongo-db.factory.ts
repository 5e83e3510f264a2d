import { getConnectionToken } from '@nestjs/mongoose';
import { Db } from 'mongodb';
import { Connection } from 'mongoose';
import { TestApp } from '@test/support/test-app';

/** The app's own database, through its one shared connection. */
export function mongoDbOf(testApp: TestApp): Db {
  const connection = testApp.app.get<Connection>(getConnectionToken());

  return connection.getClient().db(connection.name);
}
