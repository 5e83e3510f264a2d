import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/validation-failed.error';

/**
 * Unknown fields are refused, not silently dropped, so a typo in a field
 * name is reported instead of ignored. A DTO without fields (NoQueryDto)
 * thus refuses every field.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ValidationFailedError.fromErrors(errors),
  });
}

/**
 * The whitelist looks field names up in a plain object, so a field named
 * after a property every object inherits (toString, valueOf, constructor
 * and the like) passes as known. Such names are refused here first.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const name = inheritedName(value);
      if (name !== undefined) {
        throw new ValidationFailedError(
          [name],
          `property ${name} should not exist`,
        );
      }
    }

    return super.transform(value, metadata);
  }
}

/** The first own key, at any depth, that objects also inherit. */
function inheritedName(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;

  for (const [key, child] of Object.entries(value)) {
    if (!Array.isArray(value) && key in Object.prototype) return key;
    const nested = inheritedName(child);
    if (nested !== undefined) return nested;
  }
  return undefined;
}
