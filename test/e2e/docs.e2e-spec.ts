import { Http, httpOf } from '@test/factories/jti-api.factory';
import { createTestApp, TestApp } from '@test/support/test-app';

/** Every operation the service documents, as "METHOD path". */
const OPERATIONS = [
  'post /api/jti/start_session',
  'get /api/jti/start_session',
  'get /api/jti/session/{session_id}',
  'delete /api/jti/session/{session_id}',
  'post /api/jti/session/{session_id}/touch',
  'post /api/jti/chat',
  'post /api/jti/quiz/start',
  'post /api/jti/quiz/answer',
  'post /api/jti/quiz/pause',
  'post /api/jti/quiz/resume',
  'get /api/jti/sessions',
  'get /api/jti/sessions/stats',
  'get /api/jti/conversations',
  'get /api/jti/conversations/export',
];

const ADMIN_OPERATIONS = OPERATIONS.filter((op) =>
  /\/(sessions|conversations)/.test(op),
);

type OpenApiPaths = Record<
  string,
  Record<string, { security?: Record<string, string[]>[] }>
>;

function operationsOf(paths: OpenApiPaths): string[] {
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method} ${path}`),
  );
}

describe('OpenAPI documentation', () => {
  let testApp: TestApp;
  let sut: Http;

  beforeAll(async () => {
    testApp = await createTestApp();
    sut = httpOf(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('GET /docs', () => {
    it('should serve the Swagger UI page', async () => {
      const response = await sut.get('/docs');

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('<title>Swagger UI</title>');
    });

    it('should serve the Swagger UI assets', async () => {
      const response = await sut.get('/docs/swagger-ui-bundle.js');

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/javascript/);
    });
  });

  describe('GET /docs-json', () => {
    it('should describe every session, chat, quiz and admin operation', async () => {
      const response = await sut.get('/docs-json');

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual(
        expect.objectContaining({
          openapi: expect.stringMatching(/^3\./),
          info: expect.objectContaining({
            title: 'Quiz session service',
            version: '1',
          }),
        }),
      );
      expect(operationsOf(response.body.paths)).toEqual(
        expect.arrayContaining(OPERATIONS),
      );
    });

    it('should mark the admin operations with the X-API-Key scheme', async () => {
      const response = await sut.get('/docs-json');

      const paths: OpenApiPaths = response.body.paths;
      expect(response.body.components.securitySchemes).toEqual({
        'admin-key': { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      });
      expect(
        ADMIN_OPERATIONS.map((op) => {
          const [method, path] = op.split(' ');
          return paths[path][method].security;
        }),
      ).toEqual(ADMIN_OPERATIONS.map(() => [{ 'admin-key': [] }]));
    });

    it('should document the request bodies of chat and the quiz buttons', async () => {
      const response = await sut.get('/docs-json');

      const schemas = response.body.components.schemas;
      expect(Object.keys(schemas.ChatRequestDto.properties).sort()).toEqual([
        'language',
        'message',
        'session_id',
      ]);
      expect(schemas.ChatRequestDto.required.sort()).toEqual([
        'message',
        'session_id',
      ]);
      expect(Object.keys(schemas.QuizAnswerDto.properties).sort()).toEqual([
        'option_id',
        'session_id',
      ]);
    });
  });

  describe('GET /docs-yaml', () => {
    it('should serve the same document as YAML', async () => {
      const response = await sut.get('/docs-yaml');

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/yaml/);
      expect(response.text).toMatch(/^openapi: 3\./);
      expect(response.text).toContain('/api/jti/chat:');
    });
  });
});
