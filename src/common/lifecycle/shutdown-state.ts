import { Global, Injectable, Module } from '@nestjs/common';

/** Set once a shutdown begins, so readiness turns 503 before anything stops. */
@Injectable()
export class ShutdownState {
  private since?: Date;

  begin(at = new Date()): void {
    this.since ??= at;
  }

  get shuttingDown(): boolean {
    return this.since !== undefined;
  }
}

@Global()
@Module({ providers: [ShutdownState], exports: [ShutdownState] })
export class ShutdownStateModule {}
