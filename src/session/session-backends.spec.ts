import { instrumentStore } from '@/metrics/instrument-store';
import { MetricsService } from '@/metrics/metrics.service';
import { MirrorQueue } from '@/migration/mirror-queue';
import { FakeClock } from '@test/support/fake-clock';
import { SessionBackends, sessionBackendsOf } from './session-backends';
import { SessionStore } from './session.store';
import { MemorySessionStore } from './stores/memory-session.store';
import { RolloutSessionStore } from './stores/rollout-session.store';
import { ShadowSessionStore } from './stores/shadow-session.store';

describe(sessionBackendsOf.name, () => {
  const clock = new FakeClock();
  const metrics = new MetricsService(clock);
  const memory = new MemorySessionStore(clock);
  // A memory store under another name stands in for MongoDB here.
  const mongo: SessionStore = Object.assign(new MemorySessionStore(clock), {
    kind: 'mongo',
  });
  /** The part is the wrapped store itself, so its metrics still count. */
  const ACTIVE = 'active';
  type Part = SessionStore | typeof ACTIVE | undefined;
  const cases: [string, SessionStore, Part, Part][] = [
    ['memory', memory, ACTIVE, undefined],
    ['mongo', mongo, undefined, ACTIVE],
    [
      'shadow',
      new ShadowSessionStore(memory, mongo, new MirrorQueue(clock)),
      memory,
      mongo,
    ],
    ['rollout', new RolloutSessionStore(memory, mongo, 50), memory, mongo],
  ];

  it.each(cases)(
    'should find the backends of a %s store behind the metrics wrapper',
    (setup, store, expectedMemory, expectedMongo) => {
      const active = instrumentStore(store, 'sessions', metrics);

      const sut = sessionBackendsOf(active);

      expect(sut).toBeInstanceOf(SessionBackends);
      expect(sut.setup).toBe(setup);
      expect(sut.active).toBe(active);
      expect(sut.memory).toBe(
        expectedMemory === ACTIVE ? active : expectedMemory,
      );
      expect(sut.mongo).toBe(expectedMongo === ACTIVE ? active : expectedMongo);
    },
  );
});
