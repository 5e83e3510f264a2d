import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { decodeUrlPart } from '@/common/decode-url-part';
import { AppConfig } from '@/config/app-config';
import { redact } from './redact';

const LEVELS: LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'log',
  'debug',
  'verbose',
];

/**
 * Nest's console logger, as one JSON object per line in production and
 * readable in development, with credentials scrubbed from every message.
 */
export class AppLogger extends ConsoleLogger {
  private readonly secrets: string[];

  constructor(config: AppConfig) {
    const json = config.log.format === 'json';
    super({
      json,
      colors: !json && process.stdout.isTTY,
      logLevels: LEVELS.slice(0, LEVELS.indexOf(config.log.level) + 1),
    });
    this.secrets = [
      config.admin.apiKey ?? '',
      ...passwordOf(config.mongo.uri),
      ...passwordOf(config.redis.url),
      ...passwordOf(config.alerts.webhookUrl ?? ''),
    ].filter(Boolean);
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(
      messages.map((message) => this.scrub(message)),
      context,
      logLevel,
      writeStreamType,
      typeof errorStack === 'string' ? this.scrub(errorStack) : errorStack,
    );
  }

  private scrub(message: unknown): unknown {
    if (typeof message === 'string') return redact(message, this.secrets);
    if (message instanceof Error) {
      return redact(message.stack ?? message.message, this.secrets);
    }

    return message;
  }
}

/** The password of a URL as written and as decoded, when it has one. */
function passwordOf(uri: string): string[] {
  const match = /^[a-z+]+:\/\/[^:/@]*:([^@/]*)@/i.exec(uri);
  if (!match) return [];

  // A malformed escape decodes to itself: the text as written is hidden.
  return [match[1], decodeUrlPart(match[1])];
}
