import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { errorBody, STACK_TRACE } from '@test/factories/error-body.factory';
import {
  API,
  Http,
  httpOf,
  startSession,
} from '@test/factories/jti-api.factory';
import { MEMORY_AND_MONGO } from '@test/factories/store-combos.factory';
import { MAX_PAGE } from '@/common/dto/page-query.dto';
import { MAX_JSON_FIELDS } from '@/common/http/json-body.parser';
import { createTestApp, TEST_ADMIN_KEY, TestApp } from '@test/support/test-app';

/** A request that must fail, given the client and a live session id. */
type Send = (http: Http, sessionId: string) => request.Test;

interface BadInput {
  send: Send;
  status: number;
  code: string;
  /** A part of the message that names the problem. */
  names: string | RegExp;
}

const MEBIBYTE = 1024 * 1024;

function postJson(path: string, body: unknown): Send {
  return (http) => http.post(`${API}/${path}`).send(body as object);
}

function postRaw(path: string, type: string, text: string): Send {
  return (http) =>
    http.post(`${API}/${path}`).set('Content-Type', type).send(text);
}

function chatWith(fields: Record<string, unknown>): Send {
  return (http, sessionId) =>
    http
      .post(`${API}/chat`)
      .send({ session_id: sessionId, message: 'hello', ...fields });
}

/** An admin GET with a raw query string, so brackets reach the server. */
function adminRaw(pathAndQuery: string): Send {
  return (http) =>
    http.get(`${API}/${pathAndQuery}`).set('X-API-Key', TEST_ADMIN_KEY);
}

function bad(
  send: Send,
  status: number,
  code: string,
  names: string | RegExp,
): BadInput {
  return { send, status, code, names };
}

const OPERATOR = encodeURIComponent('{"$gt":""}');

const BODY_CASES: [string, BadInput][] = [
  [
    'broken JSON',
    bad(
      postRaw('chat', 'application/json', '{"session_id":'),
      400,
      'INVALID_JSON',
      /JSON/,
    ),
  ],
  [
    'an empty JSON body',
    bad(postRaw('chat', 'application/json', ''), 400, 'INVALID_JSON', /empty/),
  ],
  ...[
    '{"__proto__":{"admin":true}}',
    '{"session_id":"x","constructor":{"prototype":{"admin":true}}}',
  ].map((text): [string, BadInput] => [
    `a poisoning key in ${text}`,
    bad(
      postRaw('chat', 'application/json', text),
      400,
      'INVALID_JSON',
      'Body has a __proto__ or constructor.prototype key',
    ),
  ]),
  [
    'a JSON array',
    bad(postJson('chat', [1, 2]), 400, 'INVALID_JSON', 'JSON object'),
  ],
  [
    'a JSON null',
    bad(
      postRaw('chat', 'application/json', 'null'),
      400,
      'INVALID_JSON',
      'JSON object',
    ),
  ],
  [
    'a JSON string',
    bad(
      postRaw('chat', 'application/json', '"start"'),
      400,
      'INVALID_JSON',
      'JSON object',
    ),
  ],
  [
    'a number as message',
    bad(
      chatWith({ message: 123 }),
      400,
      'VALIDATION_FAILED',
      'message must be a string',
    ),
  ],
  [
    'an array as message',
    bad(chatWith({ message: ['hi'] }), 400, 'VALIDATION_FAILED', 'message'),
  ],
  [
    'an object as message',
    bad(
      chatWith({ message: { $ne: null } }),
      400,
      'VALIDATION_FAILED',
      'message',
    ),
  ],
  [
    'an empty message',
    bad(chatWith({ message: '' }), 400, 'VALIDATION_FAILED', 'message'),
  ],
  [
    'a number as session_id',
    bad(
      chatWith({ session_id: 123 }),
      400,
      'VALIDATION_FAILED',
      'session_id must be a UUID v4',
    ),
  ],
  [
    'a UUID v1 as session_id',
    bad(
      chatWith({ session_id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' }),
      400,
      'VALIDATION_FAILED',
      'session_id must be a UUID v4',
    ),
  ],
  [
    'a missing message',
    bad(
      (http, id) => http.post(`${API}/chat`).send({ session_id: id }),
      400,
      'VALIDATION_FAILED',
      'message',
    ),
  ],
  [
    'a missing session_id',
    bad(
      postJson('chat', { message: 'hello' }),
      400,
      'VALIDATION_FAILED',
      'session_id',
    ),
  ],
  [
    'an unknown field',
    bad(
      chatWith({ foo: 1 }),
      400,
      'VALIDATION_FAILED',
      'property foo should not exist',
    ),
  ],
  [
    'an unsupported language',
    bad(
      chatWith({ language: 'fr' }),
      400,
      'VALIDATION_FAILED',
      'language must be one of: zh, en',
    ),
  ],
  [
    'an operator as session_id in chat',
    bad(
      chatWith({ session_id: { $ne: null } }),
      400,
      'VALIDATION_FAILED',
      'session_id must be a UUID v4',
    ),
  ],
  [
    'an operator as session_id in quiz/start',
    bad(
      postJson('quiz/start', { session_id: { $gt: '' } }),
      400,
      'VALIDATION_FAILED',
      'session_id must be a UUID v4',
    ),
  ],
  [
    'an operator as option_id',
    bad(
      (http, id) =>
        http
          .post(`${API}/quiz/answer`)
          .send({ session_id: id, option_id: { $ne: null } }),
      400,
      'VALIDATION_FAILED',
      'option_id',
    ),
  ],
  [
    'an unknown field on quiz/pause',
    bad(
      (http, id) =>
        http.post(`${API}/quiz/pause`).send({ session_id: id, force: true }),
      400,
      'VALIDATION_FAILED',
      'property force should not exist',
    ),
  ],
  [
    'an unsupported language on start_session',
    bad(
      postJson('start_session', { language: 'fr' }),
      400,
      'VALIDATION_FAILED',
      'language must be one of: zh, en',
    ),
  ],
  [
    'an unknown mode on start_session',
    bad(
      postJson('start_session', { mode: 'SHAPE' }),
      400,
      'VALIDATION_FAILED',
      'mode must be one of: COLOR',
    ),
  ],
  [
    'an unknown field on start_session',
    bad(
      postJson('start_session', { session_id: randomUUID() }),
      400,
      'VALIDATION_FAILED',
      'property session_id should not exist',
    ),
  ],
  [
    'a body one byte over the limit',
    bad(
      (http, id) =>
        http
          .post(`${API}/chat`)
          .set('Content-Type', 'application/json')
          .send(padded(id, MEBIBYTE + 1)),
      413,
      'PAYLOAD_TOO_LARGE',
      /too large|larger than/,
    ),
  ],
  [
    'a 17 MB body',
    bad(
      (http, id) =>
        http
          .post(`${API}/chat`)
          .set('Content-Type', 'application/json')
          .send(padded(id, 17 * MEBIBYTE)),
      413,
      'PAYLOAD_TOO_LARGE',
      /too large|larger than/,
    ),
  ],
  ...(
    [
      'application/xml',
      'text/plain',
      'application/x-www-form-urlencoded',
    ] as const
  ).map((type): [string, BadInput] => [
    `a ${type} body`,
    bad(
      postRaw('chat', type, type === 'application/xml' ? '<chat/>' : 'a=b'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Content-Type must be application/json',
    ),
  ]),
];

BODY_CASES.push(
  ...[MAX_JSON_FIELDS + 1, 80_000].map((count): [string, BadInput] => [
    `${count} unknown fields`,
    bad(
      chatWith(
        Object.fromEntries(
          Array.from({ length: count }, (_, index) => [`k${index}`, 0]),
        ),
      ),
      400,
      'INVALID_JSON',
      `more than ${MAX_JSON_FIELDS} fields`,
    ),
  ]),
  [
    'a nested object of 100 fields',
    bad(
      chatWith({
        meta: Object.fromEntries(
          Array.from({ length: 100 }, (_, index) => [`k${index}`, 0]),
        ),
      }),
      400,
      'INVALID_JSON',
      `more than ${MAX_JSON_FIELDS} fields`,
    ),
  ],
);

BODY_CASES.push(
  ...['toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'].map(
    (name): [string, BadInput] => [
      `a field named ${name}`,
      bad(
        chatWith({ [name]: 1 }),
        400,
        'VALIDATION_FAILED',
        `property ${name} should not exist`,
      ),
    ],
  ),
);

const QUERY_CASES: [string, BadInput][] = [
  ...['sessions', 'conversations', 'conversations/export'].flatMap(
    (path): [string, BadInput][] => [
      [
        `session_id[$ne] on ${path}`,
        bad(
          adminRaw(`${path}?session_id[$ne]=x`),
          400,
          'VALIDATION_FAILED',
          'session_id',
        ),
      ],
      [
        `session_id[$regex] on ${path}`,
        bad(
          adminRaw(`${path}?session_id[$regex]=.*`),
          400,
          'VALIDATION_FAILED',
          'session_id',
        ),
      ],
      [
        `a repeated session_id on ${path}`,
        bad(
          adminRaw(`${path}?session_id=a&session_id=b`),
          400,
          'VALIDATION_FAILED',
          'session_id',
        ),
      ],
      ...(path === 'conversations/export'
        ? []
        : ['1e308', '92233720368547759', String(MAX_PAGE + 1)]
      ).map((page): [string, BadInput] => [
        `page=${page} on ${path}`,
        bad(
          adminRaw(`${path}?limit=100&page=${page}`),
          400,
          'VALIDATION_FAILED',
          `page must not be greater than ${MAX_PAGE}`,
        ),
      ]),
      [
        `language[$ne] on ${path}`,
        bad(
          adminRaw(`${path}?language[$ne]=zh`),
          400,
          'VALIDATION_FAILED',
          'language',
        ),
      ],
    ],
  ),
  ...['12', 'hello 1', 'March 7', '2026-13-45', '1e308'].flatMap(
    (value): [string, BadInput][] =>
      (['from', 'to'] as const).map((field): [string, BadInput] => [
        `${field}=${value} on conversations`,
        bad(
          adminRaw(`conversations?${field}=${encodeURIComponent(value)}`),
          400,
          'VALIDATION_FAILED',
          `${field} must be an ISO date-time`,
        ),
      ]),
  ),
  ...['toString', 'valueOf', 'isPrototypeOf'].map(
    (name): [string, BadInput] => [
      `a query parameter named ${name} on sessions`,
      bad(
        adminRaw(`sessions?${name}=1`),
        400,
        'VALIDATION_FAILED',
        `property ${name} should not exist`,
      ),
    ],
  ),
  [
    'two valid session ids on conversations',
    bad(
      adminRaw(
        `conversations?session_id=${randomUUID()}&session_id=${randomUUID()}`,
      ),
      400,
      'VALIDATION_FAILED',
      'session_id',
    ),
  ],
  [
    'an operator string as session_id on conversations',
    bad(
      adminRaw(`conversations?session_id=${OPERATOR}`),
      400,
      'VALIDATION_FAILED',
      'session_id must be a UUID v4',
    ),
  ],
  [
    'step[$ne] on sessions',
    bad(adminRaw('sessions?step[$ne]=DONE'), 400, 'VALIDATION_FAILED', 'step'),
  ],
  [
    'a repeated step on sessions',
    bad(
      adminRaw('sessions?step=QUIZ&step=DONE'),
      400,
      'VALIDATION_FAILED',
      'step',
    ),
  ],
  [
    'an operator string as step on sessions',
    bad(
      adminRaw(`sessions?step=${OPERATOR}`),
      400,
      'VALIDATION_FAILED',
      'step',
    ),
  ],
  [
    'mode[$regex] on conversations',
    bad(
      adminRaw('conversations?mode[$regex]=.*'),
      400,
      'VALIDATION_FAILED',
      'mode',
    ),
  ],
  [
    'page 0',
    bad(adminRaw('sessions?page=0'), 400, 'VALIDATION_FAILED', 'page'),
  ],
  [
    'a limit over 100',
    bad(
      adminRaw('conversations?limit=101'),
      400,
      'VALIDATION_FAILED',
      'limit must not be greater than 100',
    ),
  ],
  [
    'a limit that is not a number',
    bad(
      adminRaw('sessions?limit=abc'),
      400,
      'VALIDATION_FAILED',
      'limit must be an integer',
    ),
  ],
  [
    'a page that is not a number',
    bad(
      adminRaw('conversations?page=two'),
      400,
      'VALIDATION_FAILED',
      'page must be an integer',
    ),
  ],
  [
    'a from that is no date',
    bad(
      adminRaw('conversations?from=yesterday'),
      400,
      'VALIDATION_FAILED',
      'from must be an ISO date-time',
    ),
  ],
  [
    'paging on export',
    bad(
      adminRaw('conversations/export?page=2'),
      400,
      'VALIDATION_FAILED',
      'property page should not exist',
    ),
  ],
];

const PATH_CASES: [string, BadInput][] = [
  ...['get', 'delete'].flatMap((method): [string, BadInput][] => [
    [
      `a path traversal on ${method} session`,
      bad(
        (http) => http[method as 'get'](`${API}/session/..%2F..%2Fetc`),
        400,
        'VALIDATION_FAILED',
        'session_id must be a UUID v4',
      ),
    ],
    [
      `an operator on ${method} session`,
      bad(
        (http) => http[method as 'get'](`${API}/session/${OPERATOR}`),
        400,
        'VALIDATION_FAILED',
        'session_id must be a UUID v4',
      ),
    ],
  ]),
  [
    'an operator on touch',
    bad(
      (http) => http.post(`${API}/session/${OPERATOR}/touch`),
      400,
      'VALIDATION_FAILED',
      'session_id must be a UUID v4',
    ),
  ],
  [
    'a NUL byte as id',
    bad(
      (http) => http.get(`${API}/session/%00`),
      400,
      'VALIDATION_FAILED',
      'session_id must be a UUID v4',
    ),
  ],
  [
    'a broken percent escape as id',
    bad(
      (http) => http.get(`${API}/session/%E0%A4%A`),
      400,
      'VALIDATION_FAILED',
      /session_id|URL/,
    ),
  ],
];

/** A valid chat body padded with spaces to exactly `bytes` bytes. */
function padded(sessionId: string, bytes: number): string {
  const body = JSON.stringify({ session_id: sessionId, message: '' });

  return body.replace(
    '"message":""',
    `"message":"${' '.repeat(bytes - body.length)}"`,
  );
}

describe.each(MEMORY_AND_MONGO)('request validation (%s)', (_, options) => {
  let testApp: TestApp;
  let http: Http;
  let sessionId: string;

  beforeAll(async () => {
    testApp = await createTestApp(options);
    http = httpOf(testApp);
    sessionId = await startSession(http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe.each([
    ['bodies', BODY_CASES],
    ['query strings', QUERY_CASES],
    ['path ids', PATH_CASES],
  ])('bad %s', (_kind, cases) => {
    it.each(cases)(
      'should refuse %s with a 4xx naming the problem',
      async (_case, { send, status, code, names }) => {
        const before = await http.get(`${API}/session/${sessionId}`);

        const response = await send(http, sessionId);

        const after = await http.get(`${API}/session/${sessionId}`);
        expect(response.status).toBe(status);
        expect(response.body).toEqual(errorBody(status, code, names));
        expect(response.body.requestId).toBe(response.headers['x-request-id']);
        expect(response.text).not.toMatch(STACK_TRACE);
        expect(after.body).toEqual(before.body);
      },
    );
  });

  describe('a text/plain body', () => {
    it('should be refused with a 4xx, even when it holds valid JSON', async () => {
      const text = JSON.stringify({ session_id: sessionId, message: 'start' });

      const response = await http
        .post(`${API}/chat`)
        .set('Content-Type', 'text/plain')
        .send(text);

      const after = await http.get(`${API}/session/${sessionId}`);
      expect([400, 415]).toContain(response.status);
      expect(response.body).toEqual(
        errorBody(
          response.status,
          response.status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : 'VALIDATION_FAILED',
        ),
      );
      expect(response.text).not.toMatch(STACK_TRACE);
      expect(after.body.step).toBe('WELCOME');
    });
  });

  describe('an unknown session', () => {
    const unknown = randomUUID();

    it.each<[string, Send]>([
      ['GET session', (h) => h.get(`${API}/session/${unknown}`)],
      ['DELETE session', (h) => h.delete(`${API}/session/${unknown}`)],
      ['touch', (h) => h.post(`${API}/session/${unknown}/touch`)],
      ['chat', postJson('chat', { session_id: unknown, message: 'start' })],
      ['quiz/start', postJson('quiz/start', { session_id: unknown })],
      [
        'quiz/answer',
        postJson('quiz/answer', { session_id: unknown, option_id: 'A' }),
      ],
      ['quiz/pause', postJson('quiz/pause', { session_id: unknown })],
      ['quiz/resume', postJson('quiz/resume', { session_id: unknown })],
    ])('should answer 404 SESSION_NOT_FOUND on %s', async (_route, send) => {
      const response = await send(http, sessionId);

      expect(response.status).toBe(404);
      expect(response.body).toEqual(
        errorBody(404, 'SESSION_NOT_FOUND', unknown),
      );
      expect(response.text).not.toMatch(STACK_TRACE);
    });
  });
});
