import { Clock, SystemClock } from '@/common/clock/clock';
import { MirrorQueue, MirrorResult } from './mirror-queue';

/** A write that finishes only when the test says so. */
function gate(): { open: () => void; wait: Promise<void> } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));

  return { open, wait };
}

describe(MirrorQueue.name, () => {
  const clock: Clock = new SystemClock();
  let results: MirrorResult[];

  beforeEach(() => {
    results = [];
  });

  function queue(limit = 100, concurrency = 4): MirrorQueue {
    return new MirrorQueue(clock, {
      limit,
      concurrency,
      onResult: (result) => results.push(result),
    });
  }

  describe('enqueue', () => {
    it('should keep only the latest waiting write of a key', async () => {
      const sut = queue(100, 1);
      const blocker = gate();
      const ran: string[] = [];
      sut.enqueue('other', async () => {
        await blocker.wait;
        return 'copied';
      });

      for (const version of [1, 2, 3]) {
        sut.enqueue('session:a', async () => {
          ran.push(`v${version}`);
          return 'copied';
        });
      }
      blocker.open();
      await sut.drain(1_000);

      expect(ran).toEqual(['v3']);
      expect(results).toEqual(['copied', 'copied']);
    });

    it('should never run two writes of one key at once, in order', async () => {
      const sut = queue(100, 4);
      const first = gate();
      const ran: string[] = [];
      sut.enqueue('session:a', async () => {
        await first.wait;
        ran.push('copy');
        return 'copied';
      });

      sut.enqueue('session:a', async () => {
        ran.push('delete');
        return 'deleted';
      });
      expect(sut.depth).toBe(2);
      first.open();
      await sut.drain(1_000);

      expect(ran).toEqual(['copy', 'delete']);
    });

    it('should drop and count writes beyond the limit', async () => {
      const sut = queue(2, 1);
      const blocker = gate();
      sut.enqueue('running', async () => {
        await blocker.wait;
        return 'copied';
      });

      sut.enqueue('a', async () => 'copied');
      sut.enqueue('b', async () => 'copied');
      sut.enqueue('c', async () => 'copied');
      sut.enqueue('a', async () => 'skipped');
      blocker.open();
      await sut.drain(1_000);

      expect(results.sort()).toEqual([
        'copied',
        'copied',
        'dropped',
        'skipped',
      ]);
    });

    it('should count a write that throws as failed and go on', async () => {
      const sut = queue();

      sut.enqueue('a', async () => {
        throw new Error('server down');
      });
      sut.enqueue('b', async () => 'copied');
      await sut.drain(1_000);

      expect(results.sort()).toEqual(['copied', 'failed']);
      expect(sut.depth).toBe(0);
    });
  });

  describe('drain', () => {
    it('should answer true at once when idle', async () => {
      const sut = queue();

      await expect(sut.drain(0)).resolves.toBe(true);
    });

    it('should answer false when writes outlast the bound', async () => {
      const sut = queue();
      const blocker = gate();
      sut.enqueue('a', async () => {
        await blocker.wait;
        return 'copied';
      });

      const drained = await sut.drain(20);
      blocker.open();

      expect(drained).toBe(false);
      await expect(sut.drain(1_000)).resolves.toBe(true);
    });
  });
});
