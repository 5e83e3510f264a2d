import { Global, Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '@/config/app-config';
import { IndexManager } from './indexes/index-manager.service';
import { mongoConnectOptions } from './mongo-connect-options';
import { describeMongoHosts } from './redact-uri';

/**
 * The one MongoDB connection of the process, imported only when a flag
 * asks for MongoDB. Start-up waits for it, retrying a few times, and then
 * fails naming the host (never the password).
 */
@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const mongo = config.get('mongo', { infer: true });
        const host = describeMongoHosts(mongo.uri);
        const logger = new Logger('MongoDB');

        return {
          uri: mongo.uri,
          ...mongoConnectOptions(mongo),
          retryAttempts: 3,
          retryDelay: 1000,
          connectionErrorFactory: (error) => {
            error.message = `Cannot connect to MongoDB at ${host}: ${error.message}`;
            return error;
          },
          onConnectionCreate: (connection) => {
            connection.on('connected', () =>
              logger.log(`Connected to MongoDB at ${host}`),
            );
            // Closing on purpose (shutdown) is not an outage.
            let closing = false;
            connection.on('disconnecting', () => (closing = true));
            connection.on('disconnected', () =>
              closing
                ? logger.log(`Closed the connection to MongoDB at ${host}`)
                : logger.warn(`Lost the connection to MongoDB at ${host}`),
            );
          },
        };
      },
    }),
  ],
  providers: [IndexManager],
  exports: [IndexManager],
})
export class DatabaseModule {}
