import { ENV_SCHEMA, Environment } from './env.schema';

/** Thrown at start-up with every configuration problem at once. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

type RawEnvironment = Record<string, string | undefined>;

/**
 * Parses every known variable, gathering all problems by variable name.
 * Values never appear in messages: some of them are secrets.
 */
export function validateEnvironment(raw: RawEnvironment): Environment {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};

  for (const [name, spec] of Object.entries(ENV_SCHEMA)) {
    const text = raw[name];
    if (text === undefined || text.trim() === '') {
      parsed[name] = spec.fallback;
      continue;
    }

    const result = (spec.parse as (raw: string) => object)(text);
    if ('error' in result) problems.push(`${name} ${String(result.error)}`);
    else parsed[name] = (result as { value: unknown }).value;
  }

  const env = parsed as Environment;
  problems.push(...crossCheck(env, raw));
  if (problems.length > 0) throw new ConfigValidationError(problems);

  return env;
}

function crossCheck(env: Environment, raw: RawEnvironment): string[] {
  const problems: string[] = [];
  const mongoWanted =
    env.USE_MONGO_SESSION || env.USE_MONGO_LOGS || env.SESSION_SHADOW_WRITES;

  if (mongoWanted && !raw.MONGODB_URI?.trim()) {
    problems.push(
      'MONGODB_URI must be set when USE_MONGO_SESSION, USE_MONGO_LOGS or ' +
        'SESSION_SHADOW_WRITES is on',
    );
  }
  if (env.SESSION_SHADOW_WRITES && env.USE_MONGO_SESSION) {
    problems.push(
      'SESSION_SHADOW_WRITES mirrors memory sessions and needs ' +
        'USE_MONGO_SESSION=false',
    );
  }
  if (env.MONGO_MIN_POOL_SIZE > env.MONGO_MAX_POOL_SIZE) {
    problems.push('MONGO_MIN_POOL_SIZE must not exceed MONGO_MAX_POOL_SIZE');
  }
  if (env.USE_REDIS_CACHE && !env.USE_MONGO_SESSION) {
    problems.push('USE_REDIS_CACHE needs USE_MONGO_SESSION=true');
  }

  return problems;
}
