import { join } from 'node:path';
import { ConversationTurn } from '@/conversation-log/conversation-turn';
import {
  BadLineReport,
  importConversationLogs,
  TurnSink,
} from './conversation-log-import';

const SAMPLE = join(__dirname, '../../test/fixtures/legacy-logs/conversations');
const TORN = '20260209_095100_128b2f33-0c5c-4fd0-a6a3-a4506513270e.jsonl';
const ARRAY = '20260209_101200_a5aa3c81-4f42-4dcb-b394-fb36bb2d420f.jsonl';

/** Keeps turns by session and number, refusing repeats like the index. */
class RecordingSink implements TurnSink {
  readonly turns = new Map<string, ConversationTurn>();

  async insert(turns: ConversationTurn[]) {
    let inserted = 0;
    for (const turn of turns) {
      const key = `${turn.session_id}#${turn.turn_number}`;
      if (this.turns.has(key)) continue;
      this.turns.set(key, turn);
      inserted += 1;
    }

    return { inserted, duplicates: turns.length - inserted };
  }
}

describe(importConversationLogs.name, () => {
  it('should count the shared sample as its EXPECTED.md says', async () => {
    const reported: BadLineReport[] = [];

    const sut = await importConversationLogs(undefined, {
      directory: SAMPLE,
      timeZone: 'Asia/Taipei',
      onBadLine: (bad) => reported.push(bad),
    });

    expect(sut).toEqual({
      files: 8,
      sessions: 8,
      records: 54,
      imported: 0,
      alreadyPresent: 0,
      badLines: [
        {
          file: TORN,
          line: 5,
          reason: 'not valid JSON (torn or corrupt line)',
        },
        { file: ARRAY, line: 2, reason: 'not a JSON object' },
      ],
    });
    expect(reported).toEqual(sut.badLines);
  });

  it('should number turns by file order and read times in the zone', async () => {
    const sink = new RecordingSink();

    await importConversationLogs(sink, {
      directory: SAMPLE,
      timeZone: 'Asia/Taipei',
      batchSize: 7,
    });
    const torn = [...sink.turns.values()]
      .filter((t) => t.session_id === '128b2f33-0c5c-4fd0-a6a3-a4506513270e')
      .sort((a, b) => a.turn_number - b.turn_number);

    expect(torn.map((t) => t.turn_number)).toEqual([1, 2, 3, 4]);
    expect(torn[0].timestamp).toEqual(new Date('2026-02-09T01:51:15.000Z'));
    expect(torn[0].user_message).toBe('2');
  });

  it('should add nothing the second time', async () => {
    const sink = new RecordingSink();
    const options = { directory: SAMPLE, timeZone: 'Asia/Taipei' };

    const first = await importConversationLogs(sink, options);
    const second = await importConversationLogs(sink, options);

    expect(first).toMatchObject({ imported: 54, alreadyPresent: 0 });
    expect(second).toMatchObject({ imported: 0, alreadyPresent: 54 });
    expect(sink.turns.size).toBe(54);
  });

  it('should read offset-less times as UTC by default', async () => {
    const sink = new RecordingSink();

    await importConversationLogs(sink, { directory: SAMPLE, timeZone: 'UTC' });
    const first = sink.turns.get('128b2f33-0c5c-4fd0-a6a3-a4506513270e#1');

    expect(first?.timestamp).toEqual(new Date('2026-02-09T09:51:15.000Z'));
  });
});
