import mongoose, { Connection } from 'mongoose';
import { AppConfig } from '@/config/app-config';
import { mongoConnectOptions } from './mongo-connect-options';

/** A connection for one-off commands, with the service's own options. */
export async function openMongoConnection(
  mongo: AppConfig['mongo'],
): Promise<Connection> {
  return mongoose
    .createConnection(mongo.uri, {
      ...mongoConnectOptions(mongo),
      minPoolSize: 0,
    })
    .asPromise();
}
