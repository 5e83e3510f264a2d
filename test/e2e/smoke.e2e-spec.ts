import request from 'supertest';
import { createTestApp, TestApp } from '@test/support/test-app';

describe.each([
  ['memory', {}],
  ['mongo', { mongoSession: true, mongoLogs: true }],
])('smoke (%s)', (_name, options) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp(options);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should start a session and read it back', async () => {
    const server = testApp.app.getHttpServer();

    const started = await request(server)
      .post('/api/jti/start_session')
      .send({ language: 'en' })
      .expect(201);
    const read = await request(server)
      .get(`/api/jti/session/${started.body.session_id}`)
      .expect(200);

    expect(read.body.step).toBe('WELCOME');
  });
});
