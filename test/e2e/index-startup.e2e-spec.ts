import { MongoClient } from 'mongodb';
import request from 'supertest';
import { testMongoUri } from '@test/support/test-env';
import { createTestApp, TestApp } from '@test/support/test-app';

describe('Start-up with an index that cannot be built', () => {
  let sut: TestApp;
  let uri: string;

  beforeAll(async () => {
    uri = testMongoUri('dup');
    const client = await MongoClient.connect(uri);
    await client
      .db()
      .collection('sessions')
      .insertMany([{ session_id: 'twice' }, { session_id: 'twice' }]);
    await client.close();

    sut = await createTestApp({
      mongoSession: true,
      env: { MONGODB_URI: uri },
    });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should stay unready and name the unique index', async () => {
    const response = await request(sut.app.getHttpServer()).get(
      '/health/ready',
    );

    expect(response.status).toBe(503);
    expect(response.body.error).toEqual({
      mongodb_indexes: {
        status: 'down',
        problems: [
          'sessions.session_id_1 cannot be built: 1 values of session_id occur in more than one document; remove the duplicates first',
          'sessions.session_id_1: missing',
        ],
      },
    });
  });
});
