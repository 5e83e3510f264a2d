import request from 'supertest';
import { MongoTestServer } from '@test/support/mongo-test-server';
import { pollUntil } from '@test/support/poll';
import { TcpProxy } from '@test/support/tcp-proxy';
import { createTestApp, TestApp } from '@test/support/test-app';
import { WebhookReceiver } from '@test/support/webhook-receiver';

const PASSWORD = 'Sup3r-Secret-Pw';

/**
 * The service against a MongoDB server of its own, which the tests stop
 * and start: readiness must follow the server, liveness must not, and
 * requests must fail fast with 503 and recover without a restart.
 */
describe('MongoDB outage', () => {
  const server = new MongoTestServer();
  const webhook = new WebhookReceiver();
  let sut: TestApp;

  beforeAll(async () => {
    const uri = new URL(await server.start());
    uri.username = 'jti';
    uri.password = PASSWORD;
    uri.pathname = '/outage';
    uri.search = 'authMechanism=PLAIN';
    sut = await createTestApp({
      mongoSession: true,
      mongoLogs: true,
      env: {
        MONGODB_URI: uri.toString(),
        ALERT_WEBHOOK_URL: await webhook.start(),
        ALERT_MONGO_FAILURE_THRESHOLD: '3',
        HEALTH_TIMEOUT_MS: '1000',
      },
    });
  });

  afterAll(async () => {
    await sut.close();
    await webhook.close();
    await server.dispose();
  });

  it('should go 503 and back with the server, alert once and keep every secret', async () => {
    const http = sut.app.getHttpServer();
    const started = await request(http).post('/api/jti/start_session').send({});
    const sessionId = started.body.session_id as string;
    await request(http).get('/health/ready').expect(200);

    await server.stop();

    const downAfterMs = await pollUntil(
      async () => (await request(http).get('/health/ready')).status === 503,
      { withinMs: 5000, what: 'readiness 503' },
    );
    const ready = await request(http).get('/health/ready');
    expect(downAfterMs).toBeLessThan(5000);
    expect(ready.body.error.mongodb).toEqual({
      status: 'down',
      message: expect.stringContaining('MongoDB'),
    });
    await request(http).get('/health/live').expect(200);

    const outage = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const begun = Date.now();
        const response = await request(http).get(
          `/api/jti/session/${sessionId}`,
        );
        return { response, ms: Date.now() - begun };
      }),
    );
    for (const { response, ms } of outage) {
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('STORE_UNAVAILABLE');
      expect(ms).toBeLessThan(3000);
    }
    await webhook.waitFor(1);
    expect(webhook.received[0]).toEqual(
      expect.objectContaining({
        alert: 'mongo_connection_failures',
        state: 'firing',
      }),
    );

    await server.restart();

    const upAfterMs = await pollUntil(
      async () => (await request(http).get('/health/ready')).status === 200,
      { withinMs: 5000, what: 'readiness 200' },
    );
    expect(upAfterMs).toBeLessThan(5000);
    await request(http).get(`/api/jti/session/${sessionId}`).expect(200);
    await webhook.waitFor(2);
    expect(webhook.received.map((call) => call.state)).toEqual([
      'firing',
      'resolved',
    ]);

    const outputs = await Promise.all(
      ['/health', '/health/ready', '/metrics'].map(
        async (path) => (await request(http).get(path)).text,
      ),
    );
    for (const text of [
      ...outputs,
      ...webhook.received.map((b) => JSON.stringify(b)),
    ]) {
      expect(text).not.toContain(PASSWORD);
    }
  });
});

describe('MongoDB that stops answering', () => {
  let proxy: TcpProxy;
  let server: MongoTestServer;
  let sut: TestApp;

  beforeAll(async () => {
    server = new MongoTestServer();
    const target = new URL(await server.start());
    proxy = new TcpProxy('127.0.0.1', Number(target.port));
    const address = await proxy.start();
    sut = await createTestApp({
      mongoSession: true,
      env: {
        MONGODB_URI: `mongodb://${address}/blackhole`,
        HEALTH_TIMEOUT_MS: '800',
      },
    });
  });

  afterAll(async () => {
    await sut.close();
    await proxy.close();
    await server.dispose();
  });

  it('should answer every probe within its timeout when packets vanish', async () => {
    const http = sut.app.getHttpServer();
    await proxy.blackhole();

    const probes = await Promise.all(
      ['/health/ready', '/health', '/health/live'].map(async (path) => {
        const begun = Date.now();
        const response = await request(http).get(path);
        return { path, status: response.status, ms: Date.now() - begun };
      }),
    );

    expect(probes.map(({ path, status }) => [path, status])).toEqual([
      ['/health/ready', 503],
      ['/health', 503],
      ['/health/live', 200],
    ]);
    for (const probe of probes) expect(probe.ms).toBeLessThan(1500);

    await proxy.restore();
    await pollUntil(
      async () => (await request(http).get('/health/ready')).status === 200,
      { withinMs: 15000, what: 'readiness after the network returned' },
    );
  });
});
