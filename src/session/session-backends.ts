import { SessionStoreOptions } from './session-module.options';
import { SessionStore } from './session.store';
import { RolloutSessionStore } from './stores/rollout-session.store';
import { ShadowSessionStore } from './stores/shadow-session.store';

/**
 * The stores behind SessionStore in each phase of the move to MongoDB, so
 * that snapshots and migrations reach the memory and MongoDB sides directly
 * whatever wraps the store the service uses.
 */
export class SessionBackends {
  /** Which setup the flags chose, as named in SessionStoreOptions. */
  readonly setup: SessionStoreOptions['store'];
  /** What the service reads and writes. */
  readonly active: SessionStore;
  /** Sessions in memory: all of them, or the memory share in phase 2. */
  readonly memory?: SessionStore;
  /** The sessions collection, whenever MongoDB holds or mirrors sessions. */
  readonly mongo?: SessionStore;

  constructor(parts: {
    setup: SessionStoreOptions['store'];
    active: SessionStore;
    memory?: SessionStore;
    mongo?: SessionStore;
  }) {
    this.setup = parts.setup;
    this.active = parts.active;
    this.memory = parts.memory;
    this.mongo = parts.mongo;
  }
}

/** The backends of the store the factory built (metrics wrappers allowed). */
export function sessionBackendsOf(store: SessionStore): SessionBackends {
  if (
    store instanceof ShadowSessionStore ||
    store instanceof RolloutSessionStore
  ) {
    return new SessionBackends({
      setup: store.kind,
      active: store,
      memory: store.memory,
      mongo: store.mongo,
    });
  }

  return new SessionBackends(
    store.kind === 'memory'
      ? { setup: 'memory', active: store, memory: store }
      : { setup: 'mongo', active: store, mongo: store },
  );
}
