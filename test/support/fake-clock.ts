import { Clock } from '@/common/clock/clock';

/** A clock that only moves when a test moves it. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start = new Date('2026-03-01T08:00:00.000Z')) {
    super();
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }

  set(date: Date): void {
    this.current = date.getTime();
  }
}
