/** One hostile request and what it exercises. */
export interface HostileCase {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface Endpoint {
  method: 'POST';
  path: string;
  /** A valid body, given a live session id. */
  body: (sessionId: string) => Record<string, unknown>;
}

const JSON_TYPE = { 'content-type': 'application/json' };

const BODY_ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    path: '/api/jti/start_session',
    body: () => ({ language: 'en' }),
  },
  {
    method: 'POST',
    path: '/api/jti/chat',
    body: (id) => ({ session_id: id, message: 'start' }),
  },
  {
    method: 'POST',
    path: '/api/jti/quiz/start',
    body: (id) => ({ session_id: id }),
  },
  {
    method: 'POST',
    path: '/api/jti/quiz/answer',
    body: (id) => ({ session_id: id, option_id: 'A' }),
  },
  {
    method: 'POST',
    path: '/api/jti/quiz/pause',
    body: (id) => ({ session_id: id }),
  },
  {
    method: 'POST',
    path: '/api/jti/quiz/resume',
    body: (id) => ({ session_id: id }),
  },
];

const QUERY_PATHS = [
  '/api/jti/sessions',
  '/api/jti/sessions/stats',
  '/api/jti/conversations',
  '/api/jti/conversations/export',
];

const OPERATORS: unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $where: 'sleep(1000)' },
  { $regex: '.*' },
  { $in: ['a', 'b'] },
  { $exists: true },
];

const WRONG_TYPES: unknown[] = [
  123,
  -1.5,
  true,
  null,
  [],
  ['x'],
  {},
  'x'.repeat(10),
];

const BROKEN_JSON = [
  '{',
  '{"session_id":',
  '{"session_id": "a",}',
  "{'session_id': 'a'}",
  '[1, 2',
  'null',
  '"just a string"',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"session_id": "\\ud800"}',
  '',
  'true',
];

const TRAVERSAL_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..%5C..%5Cwindows',
  encodeURIComponent('{"$gt":""}'),
  encodeURIComponent('{"$ne":null}'),
  'a'.repeat(5000),
  '%00',
  '12345678-1234-1234-1234-1234567890ab%00',
  'not-a-uuid',
  encodeURIComponent('<script>alert(1)</script>'),
];

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
];

function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function nestedArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Every hostile request, generated against every endpoint. */
export function hostileCases(sessionId: string): HostileCase[] {
  const cases: HostileCase[] = [];
  const post = (
    name: string,
    endpoint: Endpoint,
    body: string | Buffer,
    headers: Record<string, string> = JSON_TYPE,
  ) => cases.push({ name, method: 'POST', path: endpoint.path, headers, body });

  for (const endpoint of BODY_ENDPOINTS) {
    const valid = endpoint.body(sessionId);
    const at = endpoint.path;

    BROKEN_JSON.forEach((text, i) =>
      post(`${at} broken JSON #${i}`, endpoint, text),
    );
    post(`${at} nested objects 5000 deep`, endpoint, nested(5000));
    post(`${at} nested arrays 5000 deep`, endpoint, nestedArray(5000));
    post(
      `${at} nested value 200 deep`,
      endpoint,
      JSON.stringify({ ...valid, session_id: JSON.parse(nested(200)) }),
    );
    post(
      `${at} invalid UTF-8`,
      endpoint,
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    );
    post(
      `${at} unknown field`,
      endpoint,
      JSON.stringify({ ...valid, admin: true }),
    );
    post(
      `${at} __proto__ field`,
      endpoint,
      `{"__proto__": {"polluted": true}, "language": "en"}`,
    );
    post(
      `${at} constructor field`,
      endpoint,
      JSON.stringify({ ...valid, constructor: { prototype: { x: 1 } } }),
    );
    post(
      `${at} huge array`,
      endpoint,
      JSON.stringify({ ...valid, session_id: Array(100_000).fill('x') }),
    );
    post(
      `${at} huge string`,
      endpoint,
      JSON.stringify({ ...valid, session_id: 'x'.repeat(500_000) }),
    );
    post(
      `${at} body over the limit`,
      endpoint,
      JSON.stringify({ ...valid, pad: 'x'.repeat(2_000_000) }),
    );
    for (const type of CONTENT_TYPES) {
      post(`${at} content-type ${type}`, endpoint, JSON.stringify(valid), {
        'content-type': type,
      });
    }
    for (const field of Object.keys(valid)) {
      WRONG_TYPES.filter(
        (value) => field !== 'message' || typeof value !== 'string',
      ).forEach((value, i) =>
        post(
          `${at} ${field} wrong type #${i}`,
          endpoint,
          JSON.stringify({ ...valid, [field]: value }),
        ),
      );
      OPERATORS.forEach((operator, i) =>
        post(
          `${at} ${field} operator #${i}`,
          endpoint,
          JSON.stringify({ ...valid, [field]: operator }),
        ),
      );
    }
    OPERATORS.forEach((operator, i) =>
      post(`${at} operator body #${i}`, endpoint, JSON.stringify(operator)),
    );
  }

  for (const path of QUERY_PATHS) {
    for (const query of [
      'session_id[$ne]=x',
      'session_id[$regex]=.*',
      'session_id[$gt]=',
      'session_id=a&session_id=b',
      'mode[$ne]=COLOR',
      'language[$in][]=zh',
      'page=-1',
      'page=abc',
      'limit=100000',
      'limit[$gt]=0',
      'from=yesterday',
      'to[$lt]=2030',
      '__proto__[x]=1',
      `session_id=${'a'.repeat(5000)}`,
      'step=$where',
    ]) {
      cases.push({
        name: `GET ${path}?${query}`,
        method: 'GET',
        path: `${path}?${query}`,
      });
    }
  }

  for (const id of TRAVERSAL_IDS) {
    for (const method of ['GET', 'DELETE'] as const) {
      cases.push({
        name: `${method} session/${id.slice(0, 40)}`,
        method,
        path: `/api/jti/session/${id}`,
      });
    }
    cases.push({
      name: `POST session/${id.slice(0, 40)}/touch`,
      method: 'POST',
      path: `/api/jti/session/${id}/touch`,
    });
  }

  return cases;
}
