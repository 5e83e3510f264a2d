import { loadAppConfig } from '@/config/app-config.module';
import { AppLogger } from './app-logger';

function loggerFor(env: Record<string, string>): {
  sut: AppLogger;
  written: () => string;
} {
  const sut = new AppLogger(
    loadAppConfig({ env: { LOG_LEVEL: 'log', LOG_FORMAT: 'json', ...env } }),
  );
  const lines: string[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });

  return { sut, written: () => lines.join('') };
}

describe(AppLogger.name, () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it.each([
    [
      'MONGODB_URI',
      'mongodb://app:mongo-s3cret@127.0.0.1:27017/jti',
      'mongo-s3cret',
    ],
    ['REDIS_URL', 'redis://:redis-s3cret@127.0.0.1:6379', 'redis-s3cret'],
    [
      'ALERT_WEBHOOK_URL',
      'http://hook:hook-s3cret@127.0.0.1:9/a',
      'hook-s3cret',
    ],
    [
      'ADMIN_API_KEY',
      'admin-key-s3cret-0123456789',
      'admin-key-s3cret-0123456789',
    ],
  ])(
    'should scrub the secret of %s from messages and errors',
    (name, value, secret) => {
      const { sut, written } = loggerFor({
        [name]: value,
        ...(name === 'MONGODB_URI' && { USE_MONGO_SESSION: 'true' }),
      });

      sut.log(`connecting with ${value}`);
      sut.error(new Error(`failed: ${secret}`));

      expect(written()).toContain('connecting with');
      expect(written()).not.toContain(secret);
    },
  );

  it('should start, and scrub, with a password whose escape is malformed', () => {
    const { sut, written } = loggerFor({
      USE_MONGO_SESSION: 'true',
      MONGODB_URI: 'mongodb://app:mongo%ZZpw@127.0.0.1:27017/jti',
    });

    sut.warn('uri mongodb://app:mongo%ZZpw@127.0.0.1:27017/jti');

    expect(written()).toContain('uri mongodb://');
    expect(written()).not.toContain('mongo%ZZpw');
  });
});
