import { StoreUnavailableError } from '@/common/errors/store.errors';
import { buildSession } from '@test/factories/session.factory';
import { FakeClock } from '@test/support/fake-clock';
import { SessionStore } from '../session.store';
import { Session } from '../session.types';
import { MemorySessionStore } from '../stores/memory-session.store';
import {
  ImportCounts,
  importSessions,
  ImportSource,
  ImportStoppedError,
  sessionsToImport,
} from './session-import';

async function* listed(sessions: Session[]): AsyncIterable<Session> {
  yield* sessions;
}

/** A store whose imports always fail as an outage would. */
class DownStore extends MemorySessionStore {
  attempts = 0;

  override async importSession(): Promise<never> {
    this.attempts += 1;
    throw new StoreUnavailableError('MongoDB');
  }
}

describe(importSessions.name, () => {
  let clock: FakeClock;
  let target: SessionStore;

  beforeEach(() => {
    clock = new FakeClock();
    target = new MemorySessionStore(clock);
  });

  function sessions(count: number): Session[] {
    return Array.from({ length: count }, () => buildSession(clock.now()));
  }

  it('should copy every session once and skip them all the next time', async () => {
    const all = sessions(50);

    const first = await importSessions(sessionsToImport(listed(all)), target);
    const second = await importSessions(sessionsToImport(listed(all)), target);

    expect(first).toEqual({ copied: 50, skipped: 0, failed: 0 });
    expect(second).toEqual({ copied: 0, skipped: 50, failed: 0 });
  });

  it('should count bad lines as failed and name them', async () => {
    const good = buildSession(clock.now());
    async function* source(): ImportSource {
      yield { line: 2, session: good };
      yield { line: 3, error: 'not a JSON object' };
    }
    const problems: unknown[] = [];

    const counts = await importSessions(source(), target, {
      onProblem: (problem) => problems.push(problem),
    });

    expect(counts).toEqual({ copied: 1, skipped: 0, failed: 1 });
    expect(problems).toEqual([{ line: 3, reason: 'not a JSON object' }]);
  });

  it('should stop trying after a batch with a fatal error', async () => {
    const down = new DownStore(clock);

    const counts = await importSessions(
      sessionsToImport(listed(sessions(100))),
      down,
      { batchSize: 10, isFatal: (e) => e instanceof StoreUnavailableError },
    );

    expect(counts).toEqual({ copied: 0, skipped: 0, failed: 100 });
    expect(down.attempts).toBe(10);
  });

  it('should stop taking batches when aborted', async () => {
    const controller = new AbortController();

    const counts = await importSessions(
      sessionsToImport(listed(sessions(100))),
      target,
      {
        batchSize: 10,
        progressEvery: 10,
        onProgress: (so) => so.copied >= 30 && controller.abort(),
        signal: controller.signal,
      },
    );

    expect(counts).toEqual({ copied: 30, skipped: 0, failed: 0 });
  });

  it('should report progress with the counts so far', async () => {
    const seen: ImportCounts[] = [];

    await importSessions(sessionsToImport(listed(sessions(25))), target, {
      batchSize: 7,
      progressEvery: 10,
      onProgress: (counts) => seen.push(counts),
    });

    expect(seen).toEqual([
      { copied: 10, skipped: 0, failed: 0 },
      { copied: 20, skipped: 0, failed: 0 },
    ]);
  });

  it('should keep the counts of a source that fails part-way', async () => {
    async function* source(): ImportSource {
      yield { session: buildSession(clock.now()) };
      throw new Error('cut short');
    }

    const run = importSessions(source(), target);

    await expect(run).rejects.toBeInstanceOf(ImportStoppedError);
    await expect(run).rejects.toThrow('cut short');
    await expect(run).rejects.toHaveProperty('counts', {
      copied: 1,
      skipped: 0,
      failed: 0,
    });
  });
});
