import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '@/config/app-config';
import { mongoConnectOptions } from './mongo-connect-options';
import { describeMongoHosts } from './redact-uri';

/**
 * The one MongoDB connection of the process, imported only when a flag
 * asks for MongoDB. Start-up waits for it, retrying a few times, and then
 * fails naming the host (never the password).
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const mongo = config.get('mongo', { infer: true });
        const host = describeMongoHosts(mongo.uri);

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
              new Logger('MongoDB').log(`Connected to MongoDB at ${host}`),
            );
          },
        };
      },
    }),
  ],
})
export class DatabaseModule {}
