import { ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/validation-failed.error';

/**
 * Unknown fields are refused, not silently dropped, so a typo in a field
 * name is reported instead of ignored. A DTO without fields (NoQueryDto)
 * thus refuses every field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ValidationFailedError.fromErrors(errors),
  });
}
