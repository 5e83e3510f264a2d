import { connect } from 'node:net';
import { listenOnLoopback } from '@test/factories/jti-api.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

/** Sends raw bytes and resolves with everything the server answers. */
function sendRaw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(bytes);
  });
}

function parse(answer: string): {
  status: number;
  headers: string;
  body: Record<string, unknown>;
} {
  const [head, body] = answer.split('\r\n\r\n');

  return {
    status: Number(head.split(' ')[1]),
    headers: head.toLowerCase(),
    body: JSON.parse(body) as Record<string, unknown>,
  };
}

/** Requests Node's HTTP parser refuses before any route sees them. */
describe('requests refused before routing', () => {
  let testApp: TestApp;
  let url: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    url = await listenOnLoopback(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it.each([
    [
      'a 20 KB header',
      `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    [
      'a 20 KB URL',
      `GET /api/jti/session/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    [
      'an unknown method',
      'FOO / HTTP/1.1\r\nHost: x\r\n\r\n',
      400,
      'BAD_REQUEST',
    ],
    ['broken framing', 'GET / HTTP/1.1\r\nHost x\r\n\r\n', 400, 'BAD_REQUEST'],
  ])(
    'should answer %s in the service error shape, with security headers',
    async (_case, bytes, status, code) => {
      const answer = parse(await sendRaw(url, bytes));

      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({
        statusCode: status,
        code,
        message: expect.any(String),
        requestId: expect.any(String),
      });
      expect(answer.headers).toContain('x-content-type-options: nosniff');
    },
  );

  it('should answer a malformed URL with the security headers', async () => {
    const answer = parse(
      await sendRaw(
        url,
        'GET /api/jti/session/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ),
    );

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(answer.headers).toContain('x-frame-options: deny');
  });
});
