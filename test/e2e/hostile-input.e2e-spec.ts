import request from 'supertest';
import { createTestApp, TestApp, TEST_ADMIN_KEY } from '@test/support/test-app';
import { hostileCases, HostileCase } from './hostile/hostile-cases';

/** A hostile request must be answered, never left hanging. */
const REQUEST_TIMEOUT_MS = 5000;

/** Marks of internals that must never reach a client. */
const LEAKS = [
  /\bat .+\(.+:\d+:\d+\)/,
  /node_modules/,
  /Error:/,
  /\/work\//,
  /Mongo/,
];

describe('Hostile input', () => {
  let sut: TestApp;
  let sessionId: string;
  let otherSessionId: string;

  beforeAll(async () => {
    sut = await createTestApp({ mongoSession: true, mongoLogs: true });
    const server = sut.app.getHttpServer();
    sessionId = (await request(server).post('/api/jti/start_session').send({}))
      .body.session_id;
    otherSessionId = (
      await request(server).post('/api/jti/start_session').send({})
    ).body.session_id;
  });

  afterAll(async () => {
    await sut.close();
  });

  it('should generate at least 300 cases', () => {
    expect(hostileCases(sessionId).length).toBeGreaterThanOrEqual(300);
  });

  it('should answer every hostile request with a 4xx that explains itself', async () => {
    const failures: string[] = [];

    for (const hostile of hostileCases(sessionId)) {
      try {
        const response = await send(hostile).timeout(REQUEST_TIMEOUT_MS);
        const problem = judge(hostile, response);
        if (problem) failures.push(`${hostile.name}: ${problem}`);
      } catch (error) {
        failures.push(`${hostile.name}: ${String(error)}`);
      }
    }

    expect(failures).toEqual([]);
  });

  function send(hostile: HostileCase): request.Test {
    const server = sut.app.getHttpServer();
    let call =
      hostile.method === 'GET'
        ? request(server).get(hostile.path)
        : hostile.method === 'DELETE'
          ? request(server).delete(hostile.path)
          : request(server).post(hostile.path);
    call = call.set('X-API-Key', TEST_ADMIN_KEY);
    for (const [name, value] of Object.entries(hostile.headers ?? {})) {
      call = call.set(name, value);
    }

    return hostile.body === undefined ? call : call.send(hostile.body);
  }

  function judge(
    hostile: HostileCase,
    response: request.Response,
  ): string | null {
    const text = response.text ?? '';
    if (response.status < 400 || response.status >= 500) {
      return `status ${response.status}`;
    }
    if (typeof response.body?.code !== 'string' || !response.body?.message) {
      return `no code and message in ${text.slice(0, 120)}`;
    }
    if (text.includes(otherSessionId)) return "another session's data";
    const leak = LEAKS.find((pattern) => pattern.test(text));
    if (leak) return `internal detail ${leak} in ${text.slice(0, 200)}`;

    return null;
  }
});
