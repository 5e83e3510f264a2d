import { applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ClientRateLimitGuard } from './client-rate-limit.guard';
import { RATE_LIMITS, RateLimitName } from './rate-limit.module';

/**
 * Counts the route against one named per-client limit, shared with every
 * other route of that name (429 beyond it), and skips the others.
 */
export function RateLimited(
  name: RateLimitName,
): MethodDecorator & ClassDecorator {
  const skipped = Object.fromEntries(
    RATE_LIMITS.filter((other) => other !== name).map((other) => [other, true]),
  );

  return applyDecorators(
    UseGuards(ClientRateLimitGuard),
    SkipThrottle(skipped),
  );
}
