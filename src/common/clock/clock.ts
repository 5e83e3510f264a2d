/**
 * Source of the current time. Everything that stamps or expires data asks
 * the clock, so tests can move time instead of sleeping.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
