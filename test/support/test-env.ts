import { randomUUID } from 'node:crypto';

/** Set by the global setup for every test worker. */
export const TEST_MONGO_URI_VAR = 'JTI_TEST_MONGO_URI';

/** The shared test server's URI with a database of the test's own. */
export function testMongoUri(prefix = 'test'): string {
  const base = process.env[TEST_MONGO_URI_VAR];
  if (!base) throw new Error('The test MongoDB server was not started');

  const url = new URL(base);
  url.pathname = `/${prefix}_${randomUUID().slice(0, 8)}`;

  return url.toString();
}
