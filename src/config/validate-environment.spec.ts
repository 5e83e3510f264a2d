import {
  ConfigValidationError,
  validateEnvironment,
} from '@/config/validate-environment';

const MONGO_URI = 'mongodb://127.0.0.1:27017/jti_test';

/** A value shaped like a credential; it must never be echoed back. */
const SECRET = 'sk_live_9fQ2xR7tLm3Zp8Wv';

/** The problems a failed validation lists, or a failure if none is thrown. */
function problemsOf(raw: Record<string, string | undefined>): string[] {
  try {
    validateEnvironment(raw);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }

  throw new Error('validateEnvironment accepted the environment');
}

function errorOf(raw: Record<string, string | undefined>): Error {
  try {
    validateEnvironment(raw);
  } catch (error) {
    return error as Error;
  }

  throw new Error('validateEnvironment accepted the environment');
}

describe(validateEnvironment.name, () => {
  const sut = validateEnvironment;

  describe('defaults', () => {
    it('should fill every unset variable with its default', () => {
      const env = sut({});

      expect(env).toEqual(
        expect.objectContaining({
          NODE_ENV: 'development',
          HOST: '0.0.0.0',
          PORT: 8913,
          LOG_LEVEL: 'log',
          LOG_FORMAT: undefined,
          USE_MONGO_SESSION: false,
          USE_MONGO_LOGS: false,
          MONGODB_URI: 'mongodb://localhost:27017/jti_app',
          SESSION_TTL_MINUTES: 30,
          CONVERSATION_LOG_DIR: 'logs/conversations',
          ADMIN_API_KEY: undefined,
          BODY_LIMIT_BYTES: 1_048_576,
          CHAT_MESSAGE_MAX_LENGTH: 20_000,
          CORS_ORIGINS: [],
        }),
      );
    });

    it('should treat empty and blank values as unset', () => {
      const env = sut({ PORT: '', ADMIN_API_KEY: '   ', LOG_LEVEL: ' ' });

      expect(env).toEqual(
        expect.objectContaining({
          PORT: 8913,
          ADMIN_API_KEY: undefined,
          LOG_LEVEL: 'log',
        }),
      );
    });

    it('should read set values with their types', () => {
      const env = sut({
        PORT: ' 3000 ',
        SESSION_TTL_MINUTES: '45',
        CORS_ORIGINS: 'https://a.example, https://b.example,',
        ADMIN_API_KEY: SECRET,
      });

      expect(env).toEqual(
        expect.objectContaining({
          PORT: 3000,
          SESSION_TTL_MINUTES: 45,
          CORS_ORIGINS: ['https://a.example', 'https://b.example'],
          ADMIN_API_KEY: SECRET,
        }),
      );
    });
  });

  describe('flags', () => {
    it.each(['false', 'FALSE', 'False', '0', 'no', 'NO', '', '  '])(
      'should read USE_MONGO_SESSION=%j as off',
      (value) => {
        const env = sut({ USE_MONGO_SESSION: value });

        expect(env.USE_MONGO_SESSION).toBe(false);
      },
    );

    it.each(['true', 'TRUE', 'True', '1', 'yes', 'YES', ' true '])(
      'should read USE_MONGO_SESSION=%j as on',
      (value) => {
        const env = sut({ USE_MONGO_SESSION: value, MONGODB_URI: MONGO_URI });

        expect(env.USE_MONGO_SESSION).toBe(true);
      },
    );

    it.each([
      ['false', false],
      ['0', false],
      ['no', false],
      ['true', true],
      ['1', true],
      ['yes', true],
    ])('should read USE_MONGO_LOGS=%j as %s', (value, expected) => {
      const env = sut({ USE_MONGO_LOGS: value, MONGODB_URI: MONGO_URI });

      expect(env.USE_MONGO_LOGS).toBe(expected);
    });

    it.each(['ture', 'enabled', 'off', 'yup', '2', 'false!'])(
      'should refuse USE_MONGO_SESSION=%j naming the variable, not the value',
      (value) => {
        const error = errorOf({ USE_MONGO_SESSION: value });

        expect(error).toBeInstanceOf(ConfigValidationError);
        expect((error as ConfigValidationError).problems).toEqual([
          expect.stringMatching(/^USE_MONGO_SESSION must be one of /),
        ]);
        expect(error.message).not.toContain(value);
      },
    );
  });

  describe('MONGODB_URI', () => {
    it.each([
      ['USE_MONGO_SESSION', { USE_MONGO_SESSION: 'true' }],
      ['USE_MONGO_LOGS', { USE_MONGO_LOGS: 'yes' }],
      ['both flags', { USE_MONGO_SESSION: '1', USE_MONGO_LOGS: '1' }],
    ])(
      'should ask for it in one message when %s turns MongoDB on',
      (_case, flags) => {
        const problems = problemsOf(flags);

        expect(problems).toEqual([
          expect.stringMatching(/^MONGODB_URI must be set when /),
        ]);
      },
    );

    it.each(['', '   '])(
      'should ask for it when it is set to %j with a flag on',
      (value) => {
        const problems = problemsOf({
          USE_MONGO_SESSION: 'true',
          MONGODB_URI: value,
        });

        expect(problems).toEqual([
          expect.stringMatching(/^MONGODB_URI must be set when /),
        ]);
      },
    );

    it('should not ask for it with both flags off', () => {
      const env = sut({ USE_MONGO_SESSION: 'false', USE_MONGO_LOGS: '0' });

      expect(env.USE_MONGO_SESSION || env.USE_MONGO_LOGS).toBe(false);
    });

    it('should accept it with a flag on', () => {
      const env = sut({ USE_MONGO_SESSION: 'true', MONGODB_URI: MONGO_URI });

      expect(env.MONGODB_URI).toBe(MONGO_URI);
    });
  });

  describe('PORT', () => {
    it.each(['65536', '70000', '-1', '80.5', '8o80', '1e3'])(
      'should refuse PORT=%j',
      (value) => {
        const problems = problemsOf({ PORT: value });

        expect(problems).toEqual([
          'PORT must be a whole number from 0 to 65535',
        ]);
      },
    );

    it.each([
      ['0', 0],
      ['65535', 65535],
    ])('should accept PORT=%j at the edge of the range', (value, expected) => {
      const env = sut({ PORT: value });

      expect(env.PORT).toBe(expected);
    });
  });

  describe('several problems', () => {
    it('should report every bad variable at once, by name', () => {
      const error = errorOf({
        PORT: 'http',
        LOG_LEVEL: 'loud',
        USE_MONGO_LOGS: 'maybe',
        SESSION_TTL_MINUTES: '0',
      });

      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^PORT /),
          expect.stringMatching(/^LOG_LEVEL /),
          expect.stringMatching(/^USE_MONGO_LOGS /),
          expect.stringMatching(/^SESSION_TTL_MINUTES /),
        ]),
      );
      expect((error as ConfigValidationError).problems).toHaveLength(4);
      expect(error.message).toMatch(/^Invalid configuration:\n {2}- /);
    });
  });

  describe('secrets', () => {
    it.each([
      ['PORT', SECRET],
      ['LOG_LEVEL', SECRET],
      ['USE_MONGO_SESSION', SECRET],
      ['MONGODB_URI', `postgres://admin:${SECRET}@db.internal:5432/app`],
      ['MONGODB_URI', `mongodb//admin:${SECRET}@db.internal`],
      ['ALERT_WEBHOOK_URL', `ftp://hooks.example/${SECRET}`],
      ['REDIS_URL', `memcached://:${SECRET}@cache.internal`],
      ['BODY_LIMIT_BYTES', SECRET],
    ])('should never echo the value of a bad %s', (name, value) => {
      const error = errorOf({ [name]: value });

      const problems = (error as ConfigValidationError).problems;
      expect(problems).toEqual([
        expect.stringMatching(new RegExp(`^${name} `)),
      ]);
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain(value);
    });
  });
});
