import { MongoTestServer } from './mongo-test-server';
import { TEST_MONGO_URI_VAR } from './test-env';

declare global {
  // Shared with global-teardown, which runs in the same process.
  var __mongoTestServer: MongoTestServer | undefined;
}

/**
 * Gives every test one MongoDB-compatible server: MONGODB_URI_TEST when
 * set (a real MongoDB, for instance), otherwise a FerretDB server built
 * and started here.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI_TEST) {
    process.env[TEST_MONGO_URI_VAR] = process.env.MONGODB_URI_TEST;
    return;
  }

  const server = new MongoTestServer();
  process.env[TEST_MONGO_URI_VAR] = await server.start();
  globalThis.__mongoTestServer = server;
}
