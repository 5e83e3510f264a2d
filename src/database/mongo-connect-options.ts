import { ConnectOptions } from 'mongoose';
import { AppConfig } from '@/config/app-config';

/**
 * Driver options from configuration. Commands are never buffered: while
 * the server is away an operation fails after server selection times out
 * instead of queueing, so the API answers 503 in bounded time.
 */
export function mongoConnectOptions(mongo: AppConfig['mongo']): ConnectOptions {
  return {
    maxPoolSize: mongo.maxPoolSize,
    minPoolSize: mongo.minPoolSize,
    serverSelectionTimeoutMS: mongo.serverSelectionTimeoutMs,
    connectTimeoutMS: mongo.connectTimeoutMs,
    socketTimeoutMS: mongo.socketTimeoutMs,
    waitQueueTimeoutMS: mongo.operationTimeoutMs,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
  };
}
