import { ValidationError } from 'class-validator';
import { DomainError } from './domain.error';

/** A 400 naming every offending field; values are never echoed back. */
export class ValidationFailedError extends DomainError {
  constructor(
    readonly fields: string[],
    message: string,
  ) {
    super('VALIDATION_FAILED', message);
  }

  static fromErrors(errors: ValidationError[]): ValidationFailedError {
    const problems = flatten(errors);
    const fields = [...new Set(problems.map((p) => p.field))];

    return new ValidationFailedError(
      fields,
      problems.map((p) => p.message).join('; '),
    );
  }
}

interface Problem {
  field: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix = ''): Problem[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(error.property)
        ? field + message.slice(error.property.length)
        : message,
    }));

    return [...own, ...flatten(error.children ?? [], `${field}.`)];
  });
}
