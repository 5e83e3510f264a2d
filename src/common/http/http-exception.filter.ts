import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain.error';
import { ERROR_STATUS, ErrorCode } from '../errors/error-codes';
import { ErrorBody } from './error-body';

/** Fastify's own request errors, by their code. */
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: 'Request body is larger than the limit',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Content-Type must be application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'INVALID_JSON',
    message: 'Body must be a JSON object, not empty',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'INVALID_JSON',
    message: 'Body is not valid JSON',
  },
};

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** Messages that say what to send instead of the status's bare name. */
const STATUS_MESSAGES: Partial<Record<number, string>> = {
  415: FASTIFY_ERRORS.FST_ERR_CTP_INVALID_MEDIA_TYPE.message,
};

/**
 * Maps every error to one body shape. Known errors keep their message;
 * anything else is a plain 500 whose details stay in the log.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const health = healthReport(exception);
    if (health) {
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE).send(health);
      return;
    }

    const { status, code, message } = this.describe(exception, request);

    const body: ErrorBody = {
      statusCode: status,
      code,
      message,
      requestId: String(request.id),
    };
    void reply.status(status).send(body);
  }

  private describe(
    exception: unknown,
    request: FastifyRequest,
  ): { status: number; code: ErrorCode | string; message: string } {
    if (exception instanceof DomainError) {
      this.logHandled(request, exception.status, exception.message);
      return {
        status: exception.status,
        code: exception.code,
        message: exception.message,
      };
    }

    const fastify =
      FASTIFY_ERRORS[(exception as { code?: string })?.code ?? ''];
    if (fastify) {
      return { ...fastify, status: ERROR_STATUS[fastify.code] };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500) {
        this.logHandled(request, status, exception.message);
        return {
          status,
          code: STATUS_CODES[status] ?? 'HTTP_ERROR',
          message: STATUS_MESSAGES[status] ?? readMessage(exception),
        };
      }
    }

    const statusCode = (exception as { statusCode?: number })?.statusCode;
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      return {
        status: statusCode,
        code: STATUS_CODES[statusCode] ?? 'BAD_REQUEST',
        message: STATUS_MESSAGES[statusCode] ?? 'Request could not be read',
      };
    }

    this.logger.error(
      `Unhandled error on ${request.method} ${request.routeOptions.url ?? ''} ` +
        `(request ${String(request.id)})`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
    };
  }

  private logHandled(
    request: FastifyRequest,
    status: number,
    message: string,
  ): void {
    const line = `${request.method} ${request.url} -> ${status}: ${message}`;
    if (status >= 500) this.logger.warn(line);
    else this.logger.debug(line);
  }
}

/** Health checks answer 503 with their own report, which is kept whole. */
function healthReport(exception: unknown): object | undefined {
  if (!(exception instanceof ServiceUnavailableException)) return undefined;

  const response = exception.getResponse();
  return typeof response === 'object' && 'details' in response
    ? response
    : undefined;
}

function readMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;

  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');

  return typeof message === 'string' ? message : exception.message;
}
