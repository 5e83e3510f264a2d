import { applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { RATE_LIMITS, RateLimitName } from './rate-limit.module';

/**
 * Counts the route against one named per-client limit (429 beyond it) and
 * skips the others.
 */
export function RateLimited(
  name: RateLimitName,
): MethodDecorator & ClassDecorator {
  const skipped = Object.fromEntries(
    RATE_LIMITS.filter((other) => other !== name).map((other) => [other, true]),
  );

  return applyDecorators(UseGuards(ThrottlerGuard), SkipThrottle(skipped));
}
