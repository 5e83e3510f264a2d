import { Db, MongoClient } from 'mongodb';
import { expectedIndexes } from '@/database/indexes/expected-indexes';
import { describeReport } from '@/database/indexes/index-inspection';
import { IndexMaintenance } from '@/database/indexes/index-maintenance';
import { testMongoUri } from '@test/support/test-env';

describe(IndexMaintenance.name, () => {
  let client: MongoClient;
  let db: Db;
  let sut: IndexMaintenance;

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri('indexes'));
  });

  afterAll(async () => {
    await client.close();
  });

  beforeEach(() => {
    db = client.db(`indexes_${Math.random().toString(36).slice(2, 10)}`);
    sut = new IndexMaintenance(db);
  });

  afterEach(async () => {
    await db.dropDatabase();
  });

  describe('ensure', () => {
    it('should create every declared index on an empty database', async () => {
      const result = await sut.ensure(expectedIndexes(), {
        rebuildConflicts: false,
      });

      expect(result.failures).toEqual([]);
      expect(result.reports.map((r) => [r.spec.name, r.state])).toEqual(
        expectedIndexes().map((spec) => [
          spec.name,
          spec.name === 'expires_at_1' && result.ttlInactive
            ? 'present-without-ttl'
            : 'present',
        ]),
      );
    });

    it('should create the TTL index where accepted, or say it is inactive', async () => {
      const result = await sut.ensure(expectedIndexes(['sessions']), {
        rebuildConflicts: false,
      });
      const ttl = (await db.collection('sessions').indexes()).find(
        (index) => index.name === 'expires_at_1',
      );

      expect(ttl?.key).toEqual({ expires_at: 1 });
      if (result.ttlInactive) expect(ttl?.expireAfterSeconds).toBeUndefined();
      else expect(ttl?.expireAfterSeconds).toBe(0);
    });

    it('should report an index with the same key under another name, naming both', async () => {
      await db
        .collection('sessions')
        .createIndex({ session_id: 1 }, { name: 'sid' });

      const result = await sut.ensure(expectedIndexes(['sessions']), {
        rebuildConflicts: false,
      });
      const report = result.reports.find((r) => r.spec.name === 'session_id_1');

      expect(report?.state).toBe('conflicting');
      expect(describeReport(report!)).toBe(
        'sessions.session_id_1: conflicting: index "sid" has the key of "session_id_1" under another name',
      );
    });

    it('should rebuild only the conflicting indexes when asked', async () => {
      await sut.ensure(expectedIndexes(['sessions']), {
        rebuildConflicts: false,
      });
      await db.collection('sessions').dropIndex('language_1');
      await db
        .collection('sessions')
        .createIndex({ mode: 1 }, { name: 'language_1' });

      const result = await sut.ensure(expectedIndexes(['sessions']), {
        rebuildConflicts: true,
      });
      const names = (await db.collection('sessions').indexes()).map(
        (i) => i.name,
      );

      expect(result.failures).toEqual([]);
      expect(
        result.reports.find((r) => r.spec.name === 'language_1')?.state,
      ).toBe('present');
      expect(names.sort()).toEqual(
        [
          '_id_',
          'expires_at_1',
          'language_1',
          'mode_1_created_at_-1',
          'session_id_1',
        ].sort(),
      );
    });

    it('should refuse to build a unique index over duplicates and keep what exists', async () => {
      const sessions = db.collection('sessions');
      await sessions.createIndex({ session_id: 1 }, { name: 'sid' });
      await sessions.insertMany([{ session_id: 'a' }, { session_id: 'a' }]);

      const result = await sut.ensure(expectedIndexes(['sessions']), {
        rebuildConflicts: true,
      });

      expect(result.failures).toEqual([
        {
          spec: expect.objectContaining({ name: 'session_id_1' }),
          reason:
            '1 values of session_id occur in more than one document; remove the duplicates first',
        },
      ]);
      expect((await sessions.indexes()).map((i) => i.name)).toContain('sid');
    });
  });

  describe('inspect', () => {
    it('should report an index whose name matches but whose key differs', async () => {
      await db
        .collection('quizzes')
        .createIndex({ language: 1 }, { name: 'session_id_1' });

      const reports = await sut.inspect(expectedIndexes(['quizzes']));

      expect(reports.map(describeReport)).toEqual([
        'quizzes.session_id_1: conflicting: index "session_id_1" has key {"language":1}',
        'quizzes.completed_at_-1: missing',
        'quizzes.language_1_completed_at_-1: missing',
      ]);
    });
  });
});
