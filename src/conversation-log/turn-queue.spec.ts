import { Logger } from '@nestjs/common';
import { MongoServerError } from 'mongodb';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError } from '@/common/errors/store.errors';
import { Page } from '@/session/session.types';
import { ConversationLog } from './conversation-log.store';
import { ConversationTurn } from './conversation-turn';
import { TurnQueue, TurnQueueSettings } from './turn-queue';
import { TurnSpool } from './turn-spool';

/**
 * A log in memory that keeps one turn per (session, number), as the real
 * ones do, and can be told to refuse or to hold its writes.
 */
class ScriptedLog extends ConversationLog {
  readonly kind = 'scripted';
  readonly stored = new Map<string, ConversationTurn>();
  readonly batches: number[] = [];
  failuresLeft = 0;
  failWith: () => Error = () => new StoreUnavailableError('MongoDB');
  gate?: Promise<void>;
  release?: () => void;
  private appended?: () => void;

  /** Holds every append until release() is called. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  async append(turns: ConversationTurn[]): Promise<void> {
    await this.gate;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw this.failWith();
    }

    this.batches.push(turns.length);
    for (const turn of turns) {
      const key = `${turn.session_id}#${turn.turn_number}`;
      if (!this.stored.has(key)) this.stored.set(key, turn);
    }
    this.appended?.();
  }

  /** Resolves after the next successful append. */
  nextAppend(): Promise<void> {
    return new Promise((resolve) => (this.appended = resolve));
  }

  turnNumbers(): number[] {
    return [...this.stored.values()]
      .map((turn) => turn.turn_number)
      .sort((a, b) => a - b);
  }

  async findTurns(): Promise<Page<ConversationTurn>> {
    return { items: [], page: 1, limit: 1, total: 0 };
  }

  async *exportTurns(): AsyncIterable<ConversationTurn> {
    yield* [];
  }
}

function turn(turnNumber: number, sessionId = 'session-1'): ConversationTurn {
  return {
    session_id: sessionId,
    mode: 'COLOR',
    language: 'en',
    turn_number: turnNumber,
    timestamp: new Date(Date.UTC(2026, 2, 1, 8, 0, turnNumber)),
    user_message: `message ${turnNumber}`,
    agent_response: `reply ${turnNumber}`,
    tool_calls: [],
    session_snapshot: null,
    error: null,
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

describe(TurnQueue.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  let directory: string;
  let log: ScriptedLog;
  let delays: number[];
  let depths: number[];
  const created: TurnQueue[] = [];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'turn-queue-'));
    log = new ScriptedLog();
    delays = [];
    depths = [];
  });

  afterEach(async () => {
    log.release?.();
    log.failuresLeft = 0;
    await Promise.all(created.splice(0).map((made) => made.close()));
    await rm(directory, { recursive: true, force: true });
  });

  function queue(settings: Partial<TurnQueueSettings> = {}): TurnQueue {
    const made = new TurnQueue(
      log,
      new TurnSpool(directory),
      {
        batchSize: 10,
        flushIntervalMs: 60_000,
        limit: 1000,
        delay: async (ms) => delays.push(ms),
        ...settings,
      },
      (depth) => depths.push(depth),
    );
    created.push(made);

    return made;
  }

  describe('enqueue', () => {
    it('should return before the turn is written', async () => {
      const sut = queue();

      await sut.enqueue(turn(1));

      expect(log.stored.size).toBe(0);
      expect(sut.depth).toBe(1);
      expect(depths).toEqual([1]);
    });

    it('should write a batch as soon as it is full', async () => {
      const sut = queue({ batchSize: 5 });
      const written = log.nextAppend();

      for (const n of range(1, 5)) await sut.enqueue(turn(n));
      await written;

      expect(log.batches).toEqual([5]);
      expect(log.turnNumbers()).toEqual(range(1, 5));
    });

    it('should write a partial batch after the flush interval', async () => {
      const sut = queue({ flushIntervalMs: 1 });
      const written = log.nextAppend();

      await sut.enqueue(turn(1));
      await written;

      expect(log.batches).toEqual([1]);
    });

    it('should wait for room when the queue is full, then go on', async () => {
      log.hold();
      const sut = queue({ batchSize: 2, limit: 4 });
      for (const n of range(1, 4)) await sut.enqueue(turn(n));

      const fifth = sut.enqueue(turn(5));
      const depthWhileFull = sut.depth;
      log.release?.();
      await fifth;
      await sut.flush();

      expect(depthWhileFull).toBe(4);
      expect(log.turnNumbers()).toEqual(range(1, 5));
      expect(Math.max(...depths)).toBe(4);
    });

    it('should refuse with STORE_UNAVAILABLE when no room comes in time', async () => {
      log.hold();
      const sut = queue({ batchSize: 2, limit: 2, enqueueWaitMs: 20 });
      await sut.enqueue(turn(1));
      await sut.enqueue(turn(2));

      const third = sut.enqueue(turn(3));

      await expect(third).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(sut.depth).toBe(2);
    });
  });

  describe('flush', () => {
    it('should write every queued turn in batches of the batch size', async () => {
      const sut = queue({ batchSize: 4 });
      for (const n of range(1, 10)) await sut.enqueue(turn(n));

      await sut.flush();

      expect(log.turnNumbers()).toEqual(range(1, 10));
      expect(log.batches.reduce((a, b) => a + b, 0)).toBe(10);
      expect(Math.max(...log.batches)).toBeLessThanOrEqual(4);
      expect(sut.depth).toBe(0);
      expect(depths.at(-1)).toBe(0);
    });

    it('should retry a refused batch with growing pauses', async () => {
      log.failuresLeft = 2;
      const sut = queue();
      for (const n of range(1, 3)) await sut.enqueue(turn(n));

      await sut.flush();

      expect(log.turnNumbers()).toEqual([1, 2, 3]);
      expect(delays).toEqual([100, 200]);
      await expect(readdir(directory)).resolves.toEqual([]);
    });

    it('should spool a batch the log keeps refusing, and later ones without trying', async () => {
      log.failuresLeft = 3;
      const sut = queue({ batchSize: 2 });
      for (const n of range(1, 4)) await sut.enqueue(turn(n));

      await sut.flush();
      await sut.enqueue(turn(5));
      await sut.flush();

      expect(log.stored.size).toBe(0);
      expect(await readdir(directory)).toHaveLength(3);
      expect(delays).toEqual([100, 200]);
    });

    it('should fail, keeping the turns, when the spool cannot be written either', async () => {
      const blocked = join(directory, 'not-a-folder');
      await writeFile(blocked, '');
      const sut = new TurnQueue(log, new TurnSpool(blocked), {
        batchSize: 10,
        flushIntervalMs: 60_000,
        limit: 100,
        attempts: 1,
      });
      log.failuresLeft = 1;
      await sut.enqueue(turn(1));

      const failed = sut.flush();

      await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(sut.depth).toBe(1);
    });
  });

  describe('replaySpool', () => {
    it('should write spooled turns once the log is back, and empty the spool', async () => {
      log.failuresLeft = 3;
      const sut = queue({ batchSize: 3 });
      for (const n of range(1, 7)) await sut.enqueue(turn(n));
      await sut.flush();

      const emptied = await sut.replaySpool();
      await sut.enqueue(turn(8));
      await sut.flush();

      expect(emptied).toBe(true);
      expect(log.turnNumbers()).toEqual(range(1, 8));
      await expect(readdir(directory)).resolves.toEqual([]);
    });

    it('should keep the spool while the log still refuses', async () => {
      log.failuresLeft = 4;
      const sut = queue();
      await sut.enqueue(turn(1));
      await sut.flush();

      const emptied = await sut.replaySpool();

      expect(emptied).toBe(false);
      expect(await readdir(directory)).toHaveLength(1);
    });

    it('should be harmless to replay turns the log already holds', async () => {
      await new TurnSpool(directory).save([turn(1), turn(2)]);
      await log.append([turn(1)]);
      const sut = queue();

      await sut.replaySpool();

      expect(log.turnNumbers()).toEqual([1, 2]);
    });

    it('should set aside a batch the log refuses for good', async () => {
      await new TurnSpool(directory).save([turn(1)]);
      await new TurnSpool(directory).save([turn(2)]);
      log.failuresLeft = 1;
      log.failWith = () => new MongoServerError({ message: 'bad', code: 2 });
      const sut = queue();

      const emptied = await sut.replaySpool();

      expect(emptied).toBe(true);
      expect(log.turnNumbers()).toEqual([2]);
      const names = await readdir(directory);
      expect(names).toHaveLength(1);
      expect(names[0]).toMatch(/\.jsonl\.rejected$/);
    });
  });

  describe('close', () => {
    it('should write every queued turn', async () => {
      const sut = queue({ batchSize: 50 });
      for (const n of range(1, 120)) await sut.enqueue(turn(n));

      await sut.close();

      expect(log.turnNumbers()).toEqual(range(1, 120));
    });

    it('should spool what the log refuses, so nothing is lost', async () => {
      log.failuresLeft = Number.MAX_SAFE_INTEGER;
      const sut = queue();
      for (const n of range(1, 25)) await sut.enqueue(turn(n));

      await sut.close();
      const spooled = new TurnSpool(directory);
      const names = await spooled.pending();
      const turns = (
        await Promise.all(names.map((name) => spooled.read(name)))
      ).flat();

      expect(turns.map((t) => t.turn_number)).toEqual(range(1, 25));
      expect(turns[0]).toEqual(turn(1));
    });
  });
});
