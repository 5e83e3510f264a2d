import { ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/validation-failed.error';

/**
 * Unknown fields are refused, not silently dropped, so a typo in a field
 * name is reported instead of ignored.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ValidationFailedError.fromErrors(errors),
  });
}
