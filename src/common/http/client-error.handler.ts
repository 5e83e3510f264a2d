import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { ErrorCode } from '../errors/error-codes';
import { SECURITY_HEADERS } from './security-headers';

/**
 * Answers what Node's HTTP parser refuses before any route sees it (an
 * oversized header or URL, an unknown method, broken framing) in the
 * service's own error shape rather than Fastify's.
 */
export function answerClientError(error: Error, socket: Socket): void {
  if (!socket.writable) return;

  const code = (error as NodeJS.ErrnoException).code;
  const tooLarge = code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const requestId = randomUUID();
  const errorCode: ErrorCode = tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST';
  const body = JSON.stringify({
    statusCode: status,
    code: errorCode,
    message: tooLarge
      ? 'The request URL or headers are too large'
      : 'The request could not be read as HTTP',
    requestId,
  });
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');

  const statusLine = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`;
  socket.end(`${statusLine}\r\n${head}\r\n\r\n${body}`);
}
