import request from 'supertest';
import { TcpProxy } from '@test/support/tcp-proxy';
import { TEST_MONGO_URI_VAR } from '@test/support/test-env';
import { createTestApp, TestApp } from '@test/support/test-app';

/**
 * In phase 1 memory serves every request and MongoDB only receives
 * mirrored writes: its outage is reported, but the instance stays ready.
 */
describe('Readiness with shadow writes', () => {
  let proxy: TcpProxy;
  let sut: TestApp;

  beforeAll(async () => {
    const target = new URL(process.env[TEST_MONGO_URI_VAR] as string);
    proxy = new TcpProxy('127.0.0.1', Number(target.port));
    const address = await proxy.start();
    sut = await createTestApp({
      env: {
        SESSION_SHADOW_WRITES: 'true',
        MONGODB_URI: `mongodb://${address}/shadow_ready`,
        HEALTH_TIMEOUT_MS: '500',
      },
    });
  });

  afterAll(async () => {
    await sut.close();
    await proxy.close();
  });

  it('should stay ready and say the mirror is unreachable', async () => {
    const http = sut.app.getHttpServer();
    const before = await request(http).get('/health/ready').expect(200);

    await proxy.cut();
    const during = await request(http).get('/health/ready');
    const started = await request(http).post('/api/jti/start_session').send({});

    expect(before.body.details.mongodb_mirror).toEqual({
      status: 'up',
      reachable: true,
    });
    expect(during.status).toBe(200);
    expect(during.body.details.mongodb_mirror).toEqual({
      status: 'up',
      reachable: false,
      message: expect.stringContaining('MongoDB'),
    });
    expect(started.status).toBe(201);
    await proxy.restore();
  });
});
