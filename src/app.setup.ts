import {
  FastifyAdapter,
  NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { answerClientError } from './common/http/client-error.handler';
import { useStrictJsonParser } from './common/http/json-body.parser';
import { SECURITY_HEADERS } from './common/http/security-headers';
import { createValidationPipe } from './common/http/validation.pipe';
import { AppConfig } from './config/app-config';

export const API_PREFIX = 'api/jti';
export const REQUEST_ID_HEADER = 'x-request-id';

/** Routes that live outside /api/jti: probes and metrics. */
const UNPREFIXED = ['health', 'health/live', 'health/ready', 'metrics'];

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Nest's own body parsers stay off: the strict JSON parser below is the
 * only one, so other content types answer 415.
 */
export const APP_OPTIONS = { bodyParser: false } as const;

/**
 * Fastify with the body limit, strict JSON parsing, security headers and
 * request ids the service relies on.
 */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    // Fastify answers malformed URLs itself; keep the service's error body.
    frameworkErrors: (
      _error: Error,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      void reply
        .status(400)
        .headers(SECURITY_HEADERS)
        .header(REQUEST_ID_HEADER, request.id)
        .send({
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'The request URL is malformed',
          requestId: String(request.id),
        });
    },
    clientErrorHandler: answerClientError,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers[REQUEST_ID_HEADER];
      return typeof given === 'string' && SAFE_REQUEST_ID.test(given)
        ? given
        : randomUUID();
    },
  });
  useStrictJsonParser(adapter.getInstance());
  adapter.getInstance().addHook('onSend', async (request, reply, payload) => {
    void reply.headers(SECURITY_HEADERS).header(REQUEST_ID_HEADER, request.id);
    return payload;
  });

  return adapter;
}

/**
 * Prefix, validation, CORS and OpenAPI: shared by main
 * and the HTTP tests.
 */
export async function configureApp(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED });
  app.useGlobalPipes(createValidationPipe());
  app.enableCors({
    origin:
      config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false,
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Quiz session service')
      .setDescription(
        'Sessions, conversation logs and quiz results of the colour-taste quiz chat app',
      )
      .setVersion('1')
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        'admin-key',
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}
