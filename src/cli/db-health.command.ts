import { ConfigService } from '@nestjs/config';
import { Command, CommandRunner } from 'nest-commander';
import { AppConfig } from '@/config/app-config';
import { openMongoConnection } from '@/database/open-mongo-connection';
import { describeMongoHosts } from '@/database/redact-uri';

export const CONNECTED_MESSAGE = 'Connected to MongoDB successfully!';

/** Pings MONGODB_URI; exit 0 when it answers, 1 with the host otherwise. */
@Command({
  name: 'db:health',
  description: 'Check that MongoDB at MONGODB_URI answers a ping',
})
export class DbHealthCommand extends CommandRunner {
  constructor(private readonly config: ConfigService<AppConfig, true>) {
    super();
  }

  async run(): Promise<void> {
    const mongo = this.config.get('mongo', { infer: true });
    const host = describeMongoHosts(mongo.uri);

    try {
      const connection = await openMongoConnection(mongo);
      try {
        await connection.db!.command({ ping: 1 });
      } finally {
        await connection.close();
      }
      console.log(CONNECTED_MESSAGE);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(
        `Cannot reach MongoDB at ${host}: ${redactReason(reason, mongo.uri)}`,
      );
      process.exitCode = 1;
    }
  }
}

/** Driver messages can quote the URI; never let its password through. */
function redactReason(reason: string, uri: string): string {
  const password = /^mongodb(?:\+srv)?:\/\/[^:/@]*:([^@/]*)@/.exec(uri)?.[1];

  return password ? reason.split(password).join('***') : reason;
}
