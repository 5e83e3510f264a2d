import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ThrottlerLimitDetail } from '@nestjs/throttler/dist/throttler.guard.interface';
import { FastifyReply } from 'fastify';
import { DomainError } from '../errors/domain.error';

/**
 * One counter per client and named limit, shared by every route under
 * that name (the stock guard keeps one per route), and a 429 in the
 * service's error shape with a standard Retry-After header.
 */
@Injectable()
export class ClientRateLimitGuard extends ThrottlerGuard {
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const name = detail.key.slice(0, detail.key.indexOf(':'));
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('Retry-After', String(retryAfter));

    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Too many requests under the ${name} limit of ${detail.limit} per ` +
        `minute; retry after ${retryAfter} s`,
    );
  }
}
