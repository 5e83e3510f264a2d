import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationLog } from '@/conversation-log/conversation-log.store';
import {
  ConversationTurn,
  TurnQuery,
} from '@/conversation-log/conversation-turn';
import { serializeTurn } from '@/conversation-log/jsonl/turn-line';
import { Page } from '@/session/session.types';
import { FileConversationLog } from '@/conversation-log/stores/file-conversation-log.store';
import {
  buildTurn,
  buildTurns,
  payloadOf,
} from '@test/factories/conversation-turn.factory';
import {
  ConversationLogFixture,
  fileConversationLogAdapter,
  mongoConversationLogAdapter,
} from './support/conversation-log-adapters';
import { isDate } from './support/time-fields';

const START = new Date('2026-03-01T08:00:00.000Z');
const LONG_CONVERSATION_TIMEOUT_MS = 60_000;
const KIB = 1_024;
const MIB = 1_024 * KIB;

describe.each([fileConversationLogAdapter(), mongoConversationLogAdapter()])(
  '$name',
  (adapter) => {
    let fixture: ConversationLogFixture;
    let sut: ConversationLog;

    beforeAll(() => adapter.setUp());

    beforeEach(async () => {
      fixture = await adapter.build();
      sut = fixture.sut;
    });

    afterEach(() => adapter.cleanUp());

    afterAll(() => adapter.tearDown());

    async function exportAll(query: TurnQuery): Promise<ConversationTurn[]> {
      const turns: ConversationTurn[] = [];
      for await (const turn of sut.exportTurns(query)) turns.push(turn);

      return turns;
    }

    describe('append', () => {
      it('should store turns to be read back as they were', async () => {
        const turns = [
          buildTurn({ turn_number: 1, timestamp: at(0) }),
          buildTurn({
            turn_number: 2,
            timestamp: at(1),
            language: 'zh',
            tool_calls: [],
            session_snapshot: null,
            error: 'Quiz bank unavailable',
          }),
        ];

        await sut.append(turns);

        await expect(
          sut.findTurns({ session_id: 'session-1' }, { page: 1, limit: 10 }),
        ).resolves.toEqual({ page: 1, limit: 10, total: 2, items: turns });
      });

      it('should keep the stored copy when a turn is appended again', async () => {
        const first = buildTurn({ agent_response: 'first reply' });
        const second = buildTurn({ turn_number: 2, timestamp: at(1) });
        await sut.append([first]);

        await sut.append([buildTurn({ agent_response: 'replayed' }), second]);

        const page = await sut.findTurns({}, { page: 1, limit: 10 });
        expect(page.items).toEqual([first, second]);
        expect(page.total).toBe(2);
      });

      it('should keep one copy when a batch repeats a session and turn number', async () => {
        const first = buildTurn({ agent_response: 'first reply' });
        const repeat = buildTurn({ agent_response: 'repeated reply' });

        await sut.append([first, repeat]);

        const page = await sut.findTurns({}, { page: 1, limit: 10 });
        expect(page).toEqual({ page: 1, limit: 10, total: 1, items: [first] });
        expect(await fixture.storedRecordSizes()).toHaveLength(1);
      });

      it('should keep one copy when 20 appends of one turn race', async () => {
        const turn = buildTurn();

        await Promise.all(
          Array.from({ length: 20 }, () => sut.append([structuredClone(turn)])),
        );

        const page = await sut.findTurns({}, { page: 1, limit: 50 });
        expect(page).toEqual({ page: 1, limit: 50, total: 1, items: [turn] });
        expect(await fixture.storedRecordSizes()).toHaveLength(1);
      });

      it('should keep the same turn number of two sessions apart', async () => {
        const ofA = buildTurn({ session_id: 'session-a', timestamp: at(0) });
        const ofB = buildTurn({ session_id: 'session-b', timestamp: at(1) });

        await sut.append([ofA, ofB]);

        const pageA = await sut.findTurns(
          { session_id: 'session-a' },
          { page: 1, limit: 10 },
        );
        const pageB = await sut.findTurns(
          { session_id: 'session-b' },
          { page: 1, limit: 10 },
        );
        expect(pageA.items).toEqual([ofA]);
        expect(pageB.items).toEqual([ofB]);
      });

      it('should store each of 50 concurrent single-turn appends once', async () => {
        const turns = buildTurns(50, START);

        await Promise.all(turns.map((turn) => sut.append([turn])));

        const page = await sut.findTurns(
          { session_id: 'session-1' },
          { page: 1, limit: 100 },
        );
        expect(page.total).toBe(50);
        expect(page.items).toEqual(turns);
      });

      it('should store nothing for an empty batch', async () => {
        await sut.append([buildTurn()]);

        await sut.append([]);

        await expect(
          sut.findTurns({}, { page: 1, limit: 10 }),
        ).resolves.toMatchObject({ total: 1 });
      });
    });

    describe('findTurns', () => {
      it("should order one session's turns by turn number", async () => {
        // Clocks of two instances may disagree; the number decides.
        const turns = [
          buildTurn({ turn_number: 3, timestamp: at(0) }),
          buildTurn({ turn_number: 1, timestamp: at(5) }),
          buildTurn({ turn_number: 2, timestamp: at(3) }),
        ];
        await sut.append(turns);

        const page = await sut.findTurns(
          { session_id: 'session-1' },
          { page: 1, limit: 10 },
        );

        expect(page.items.map((t) => t.turn_number)).toEqual([1, 2, 3]);
      });

      it('should order a wider query by time, then session', async () => {
        const a1 = buildTurn({ session_id: 'session-a', timestamp: at(0) });
        const b1 = buildTurn({ session_id: 'session-b', timestamp: at(1) });
        const a2 = buildTurn({
          session_id: 'session-a',
          turn_number: 2,
          timestamp: at(2),
        });
        const b2 = buildTurn({
          session_id: 'session-b',
          turn_number: 2,
          timestamp: at(4),
        });
        const a3 = buildTurn({
          session_id: 'session-a',
          turn_number: 3,
          timestamp: at(4),
        });
        await sut.append([b2, a3]);
        await sut.append([a2, b1, a1]);

        const page = await sut.findTurns({}, { page: 1, limit: 10 });

        expect(page.items).toEqual([a1, b1, a2, a3, b2]);
      });

      it('should filter by mode, language and a time window', async () => {
        const enEarly = buildTurn({
          session_id: 'session-en',
          timestamp: at(0),
        });
        const zhFirst = buildTurn({
          session_id: 'session-zh',
          language: 'zh',
          timestamp: at(10),
        });
        const zhSecond = buildTurn({
          session_id: 'session-zh',
          language: 'zh',
          turn_number: 2,
          timestamp: at(20),
        });
        const enLate = buildTurn({
          session_id: 'session-en',
          turn_number: 2,
          timestamp: at(30),
        });
        await sut.append([enEarly, zhFirst, zhSecond, enLate]);
        const all = { page: 1, limit: 10 };

        const byLanguage = await sut.findTurns(
          { mode: 'COLOR', language: 'zh' },
          all,
        );
        const byWindow = await sut.findTurns({ from: at(10), to: at(30) }, all);
        const byOtherMode = await sut.findTurns({ mode: 'OTHER' }, all);

        expect(byLanguage.items).toEqual([zhFirst, zhSecond]);
        expect(byWindow).toEqual({
          ...all,
          total: 2,
          items: [zhFirst, zhSecond],
        });
        expect(byOtherMode).toEqual({ ...all, total: 0, items: [] });
      });

      it('should page through the turns and report their total', async () => {
        const turns = buildTurns(7, START);
        await sut.append(turns);

        const pages = await Promise.all(
          [1, 2, 3, 4].map((page) =>
            sut.findTurns({ session_id: 'session-1' }, { page, limit: 3 }),
          ),
        );

        expect(pages.map((p) => p.items)).toEqual([
          turns.slice(0, 3),
          turns.slice(3, 6),
          turns.slice(6),
          [],
        ]);
        expect(pages.map((p) => p.total)).toEqual([7, 7, 7, 7]);
      });

      it('should return an empty page for a session without turns', async () => {
        await sut.append([buildTurn()]);

        const page = await sut.findTurns(
          { session_id: 'session-unknown' },
          { page: 1, limit: 10 },
        );

        expect(page).toEqual({ page: 1, limit: 10, total: 0, items: [] });
      });

      it(
        'should keep 2,000 turns of about 10 KB apart and page through them',
        async () => {
          const turns = buildTurns(2_000, START).map((turn) => ({
            ...turn,
            agent_response: payloadOf(10 * KIB, `turn ${turn.turn_number}`),
          }));
          for (let start = 0; start < turns.length; start += 100) {
            await sut.append(turns.slice(start, start + 100));
          }
          const query = { session_id: 'session-1' };
          // Every page costs a scan of 20 MB on the test server, so the
          // export checks the whole sequence and a few pages its slicing.
          const pageNumbers = [1, 2, 10, 20, 21];

          const pages: Page<ConversationTurn>[] = [];
          for (const page of pageNumbers) {
            pages.push(await sut.findTurns(query, { page, limit: 100 }));
          }
          const exported = await exportAll(query);

          expect(pages.map((p) => p.total)).toEqual(
            pageNumbers.map(() => 2_000),
          );
          expect(pages.map((p) => p.items)).toEqual(
            pageNumbers.map((page) =>
              turns.slice((page - 1) * 100, page * 100),
            ),
          );
          expect(exported).toEqual(turns);
          const sizes = await fixture.storedRecordSizes();
          expect(sizes).toHaveLength(2_000);
          expect(Math.max(...sizes)).toBeLessThan(16 * KIB);
        },
        LONG_CONVERSATION_TIMEOUT_MS,
      );
    });

    describe('exportTurns', () => {
      it("should stream one session's turns in the order of findTurns", async () => {
        const turns = buildTurns(6, START);
        await sut.append([turns[4], turns[0], turns[5]]);
        await sut.append([turns[2], turns[1], turns[3]]);
        await sut.append([buildTurn({ session_id: 'session-other' })]);
        const query = { session_id: 'session-1' };

        const exported = await exportAll(query);

        const found = await sut.findTurns(query, { page: 1, limit: 100 });
        expect(exported).toEqual(found.items);
        expect(exported).toEqual(turns);
      });

      it('should stream a wider query in the order of findTurns', async () => {
        await sut.append(buildTurns(3, at(1), { session_id: 'session-b' }));
        await sut.append(buildTurns(3, at(0), { session_id: 'session-a' }));
        await sut.append(
          buildTurns(2, at(0), { session_id: 'session-c', language: 'zh' }),
        );
        const query = { language: 'en' as const, from: at(1) };

        const exported = await exportAll(query);

        const found = await sut.findTurns(query, { page: 1, limit: 100 });
        expect(exported).toEqual(found.items);
        expect(exported.map((t) => [t.session_id, t.turn_number])).toEqual([
          ['session-a', 2],
          ['session-b', 1],
          ['session-a', 3],
          ['session-b', 2],
          ['session-b', 3],
        ]);
      });
    });

    describe('stored time fields', () => {
      it('should keep every turn timestamp a date', async () => {
        const turns = [
          ...buildTurns(3, START),
          ...buildTurns(2, at(60), { session_id: 'session-2' }),
        ];
        await sut.append(turns);

        const found = await sut.findTurns({}, { page: 1, limit: 10 });

        await expect(fixture.findNonDateTimes()).resolves.toEqual([]);
        expect(found.items.every((turn) => isDate(turn.timestamp))).toBe(true);
        expect(found.items.map((t) => t.timestamp)).toEqual(
          turns.map((t) => t.timestamp).sort((a, b) => +a - +b),
        );
      });
    });
  },
);

describe(FileConversationLog.name, () => {
  let directory: string;
  let sut: FileConversationLog;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'jti-file-log-'));
    sut = new FileConversationLog(directory);
  });

  afterEach(() => rm(directory, { recursive: true, force: true }));

  /** The lines of the only log file in the folder, without the last "". */
  async function readLines(): Promise<string[]> {
    const names = await readdir(directory);
    expect(names).toHaveLength(1);
    const text = await readFile(join(directory, names[0]), 'utf8');
    expect(text.endsWith('\n')).toBe(true);

    return text.slice(0, -1).split('\n');
  }

  /** Numbers of the lines that are not one whole turn record. */
  function brokenLines(lines: string[]): number[] {
    return lines
      .map((line, index) => ({ line, number: index + 1 }))
      .filter(({ line }) => !isWholeRecord(line))
      .map(({ number }) => number);
  }

  /** A log opened on the same folder, as after a restart. */
  function reopened(): FileConversationLog {
    return new FileConversationLog(directory);
  }

  describe('append', () => {
    it('should write 200 concurrent turns, some of 1 MB, as 200 whole lines', async () => {
      const expected = new Map<number, string>();
      const turns = buildTurns(200, START).map((turn) => {
        const size = turn.turn_number % 20 === 0 ? MIB : 200;
        const response = payloadOf(size, `turn ${turn.turn_number}`);
        expected.set(turn.turn_number, response);
        return { ...turn, agent_response: response };
      });

      await Promise.all(turns.map((turn) => sut.append([turn])));

      const lines = await readLines();
      expect(lines).toHaveLength(200);
      expect(brokenLines(lines)).toEqual([]);
      const records = lines.map((line) => JSON.parse(line));
      const numbers = records.map((r) => r.turn_number).sort((a, b) => a - b);
      expect(numbers).toEqual(turns.map((t) => t.turn_number));
      const damaged = records
        .filter((r) => r.agent_response !== expected.get(r.turn_number))
        .map((r) => r.turn_number);
      expect(damaged).toEqual([]);
    });

    it('should cut a line torn by a crash before the next append', async () => {
      const turns = buildTurns(5, START);
      await sut.append(turns.slice(0, 3));
      const [name] = await readdir(directory);
      const line = serializeTurn(turns[3]);
      await appendFile(join(directory, name), line.slice(0, line.length / 2));
      const restarted = reopened();

      await restarted.append(turns.slice(3));

      const lines = await readLines();
      expect(lines).toHaveLength(5);
      expect(brokenLines(lines)).toEqual([]);
      await expect(
        reopened().findTurns(
          { session_id: 'session-1' },
          { page: 1, limit: 9 },
        ),
      ).resolves.toEqual({ page: 1, limit: 9, total: 5, items: turns });
    });

    it('should cut a torn line longer than 4 MB before the next append', async () => {
      const turns = buildTurns(3, START);
      await sut.append(turns.slice(0, 1));
      const [name] = await readdir(directory);
      const big = { ...turns[1], agent_response: payloadOf(12 * MIB, 'big') };
      const line = serializeTurn(big);
      await appendFile(join(directory, name), line.slice(0, line.length / 2));
      const restarted = reopened();

      await restarted.append(turns.slice(1));

      const lines = await readLines();
      expect(brokenLines(lines)).toEqual([]);
      await expect(
        reopened().findTurns(
          { session_id: 'session-1' },
          { page: 1, limit: 9 },
        ),
      ).resolves.toEqual({ page: 1, limit: 9, total: 3, items: turns });
    });
  });
});

function at(seconds: number): Date {
  return new Date(START.getTime() + seconds * 1_000);
}

function isWholeRecord(line: string): boolean {
  try {
    const record = JSON.parse(line);
    return typeof record === 'object' && typeof record.turn_number === 'number';
  } catch {
    return false;
  }
}
