import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but null is a value like any other and is
 * validated (IsOptional would let null through as "absent").
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
