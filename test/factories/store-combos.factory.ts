import { TestAppOptions } from '@test/support/test-app';

/** Every combination of USE_MONGO_SESSION and USE_MONGO_LOGS. */
export const STORE_COMBOS: [string, TestAppOptions][] = [
  ['memory sessions, file log', {}],
  ['memory sessions, Mongo log', { mongoLogs: true }],
  ['Mongo sessions, file log', { mongoSession: true }],
  ['Mongo sessions, Mongo log', { mongoSession: true, mongoLogs: true }],
];

/** All in process, or all in MongoDB. */
export const MEMORY_AND_MONGO: [string, TestAppOptions][] = [
  ['memory', {}],
  ['mongo', { mongoSession: true, mongoLogs: true }],
];
