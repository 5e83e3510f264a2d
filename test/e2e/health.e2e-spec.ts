import request from 'supertest';
import { ShutdownState } from '@/common/lifecycle/shutdown-state';
import {
  createTestApp,
  TestApp,
  TestAppOptions,
  TEST_ADMIN_KEY,
} from '@test/support/test-app';

describe('Health and metrics', () => {
  describe.each<[string, TestAppOptions]>([
    ['memory', {}],
    ['mongo', { mongoSession: true, mongoLogs: true }],
  ])('with %s stores', (_name, options) => {
    let sut: TestApp;

    beforeEach(async () => {
      sut = await createTestApp(options);
    });

    afterEach(async () => {
      await sut.close();
    });

    it('should answer liveness from the process alone', async () => {
      const response = await request(sut.app.getHttpServer())
        .get('/health/live')
        .expect(200);

      expect(response.body).toEqual({
        status: 'ok',
        info: { process: { status: 'up', uptime_seconds: expect.any(Number) } },
        error: {},
        details: {
          process: { status: 'up', uptime_seconds: expect.any(Number) },
        },
      });
    });

    it('should be ready with every dependency up', async () => {
      const response = await request(sut.app.getHttpServer())
        .get('/health/ready')
        .expect(200);

      expect(response.body.status).toBe('ok');
      expect(Object.keys(response.body.details).sort()).toEqual(
        options.mongoSession
          ? ['lifecycle', 'mongodb', 'mongodb_indexes']
          : ['lifecycle'],
      );
    });

    it('should turn readiness 503 first when a shutdown begins', async () => {
      sut.app.get(ShutdownState).begin();

      const ready = await request(sut.app.getHttpServer()).get('/health/ready');
      const live = await request(sut.app.getHttpServer()).get('/health/live');

      expect(ready.status).toBe(503);
      expect(ready.body.error).toEqual({
        lifecycle: { status: 'down', message: 'shutting down' },
      });
      expect(live.status).toBe(200);
    });

    it('should expose store, HTTP and health metrics with their labels', async () => {
      const server = sut.app.getHttpServer();
      const started = await request(server)
        .post('/api/jti/start_session')
        .send({})
        .expect(201);
      await request(server)
        .get(`/api/jti/session/${started.body.session_id}`)
        .expect(200);
      await request(server).get('/health/ready').expect(200);

      const metrics = await request(server).get('/metrics').expect(200);

      const kind = options.mongoSession ? 'mongo' : 'memory';
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect(metrics.text).toContain(
        `jti_store_operation_duration_seconds_bucket{le="0.0001",store="sessions:${kind}",operation="findById",outcome="ok"}`,
      );
      expect(metrics.text).toContain(
        'jti_http_request_duration_seconds_count{method="GET",route="/api/jti/session/:session_id",status="200"} 1',
      );
      expect(metrics.text).toMatch(/jti_active_sessions \d+/);
      if (options.mongoSession) {
        expect(metrics.text).toContain(
          'jti_mongo_health_checks_total{result="success"} 1',
        );
      }
    });

    it('should give store percentiles as JSON to admins', async () => {
      const server = sut.app.getHttpServer();
      await request(server).post('/api/jti/start_session').send({}).expect(201);

      const response = await request(server)
        .get('/api/jti/admin/metrics')
        .set('X-API-Key', TEST_ADMIN_KEY)
        .expect(200);

      const summary = {
        count: expect.any(Number),
        p50_ms: expect.any(Number),
        p95_ms: expect.any(Number),
        p99_ms: expect.any(Number),
      };
      expect(response.body).toEqual({
        window_seconds: 300,
        overall: summary,
        operations: expect.objectContaining({
          [`sessions:${options.mongoSession ? 'mongo' : 'memory'}.create`]:
            summary,
        }),
      });
    });
  });
});
