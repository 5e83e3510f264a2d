import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@/config/app-config';
import { DomainError } from '../errors/domain.error';

export const ADMIN_KEY_HEADER = 'x-api-key';

/**
 * Admin routes need X-API-Key equal to ADMIN_API_KEY. Both sides are
 * hashed first so the comparison takes the same time whatever the input.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: ConfigService<AppConfig, true>) {
    const key = config.get('admin', { infer: true }).apiKey;
    this.expected = key ? digest(key) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) {
      throw new DomainError(
        'ADMIN_DISABLED',
        'Admin endpoints are disabled; set ADMIN_API_KEY to enable them',
      );
    }

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const given = request.headers[ADMIN_KEY_HEADER];
    if (
      typeof given !== 'string' ||
      !timingSafeEqual(digest(given), this.expected)
    ) {
      throw new DomainError(
        'ADMIN_KEY_INVALID',
        'Missing or wrong X-API-Key header',
      );
    }

    return true;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
