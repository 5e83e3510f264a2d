import { Transform } from 'class-transformer';

/** A date, or a date and time with an optional offset, as ISO 8601 writes it. */
const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Turns an ISO 8601 text into a Date and leaves anything else as it is,
 * for IsDate to refuse: `Date` itself would also read "12" or "March 7".
 */
export function ToIsoDate(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && ISO_8601.test(value) ? new Date(value) : value,
  );
}
