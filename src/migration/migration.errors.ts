import { DomainError } from '@/common/errors/domain.error';

/** Backfill and verify need memory sessions mirrored to MongoDB (phase 1). */
export class MigrationUnavailableError extends DomainError {
  constructor() {
    super(
      'MIGRATION_UNAVAILABLE',
      'Session migration needs SESSION_SHADOW_WRITES=true, which keeps ' +
        'sessions in memory and mirrors them to MongoDB',
    );
  }
}
