import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildCompletedSession,
  buildSession,
} from '@test/factories/session.factory';
import { Session } from '../session.types';
import {
  readSessionSnapshot,
  SnapshotEntry,
  SnapshotFormatError,
  writeSessionSnapshot,
} from './session-snapshot-file';

const NOW = new Date('2026-03-01T08:00:00.000Z');

async function* from(sessions: Session[]): AsyncIterable<Session> {
  yield* sessions;
}

/** Yields some sessions, then fails as a crash mid-write would. */
async function* failingAfter(sessions: Session[]): AsyncIterable<Session> {
  yield* sessions;
  throw new Error('crashed mid-write');
}

async function readAll(path: string): Promise<SnapshotEntry[]> {
  const entries: SnapshotEntry[] = [];
  for await (const entry of readSessionSnapshot(path)) entries.push(entry);

  return entries;
}

describe('session snapshot file', () => {
  let directory: string;
  let path: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'jti-snapshot-spec-'));
    path = join(directory, 'sessions.snapshot');
  });

  describe(writeSessionSnapshot.name, () => {
    it('should round-trip sessions with every date revived', async () => {
      const sessions = [
        buildCompletedSession(NOW),
        buildSession(NOW, {
          chat_history: [
            { role: 'user', content: '2026-03-01T08:00:00.000Z', at: NOW },
          ],
        }),
      ];

      const count = await writeSessionSnapshot(path, from(sessions), NOW);
      const entries = await readAll(path);

      expect(count).toBe(2);
      expect(entries).toEqual([
        { line: 2, session: sessions[0] },
        { line: 3, session: sessions[1] },
      ]);
      const revived = entries.map((e) => ('session' in e ? e.session : null));
      expect(revived[0]?.quiz_completed_at).toBeInstanceOf(Date);
      expect(revived[1]?.chat_history[0].at).toBeInstanceOf(Date);
      expect(typeof revived[1]?.chat_history[0].content).toBe('string');
    });

    it('should keep the previous snapshot whole when a write fails', async () => {
      const previous = [buildSession(NOW)];
      await writeSessionSnapshot(path, from(previous), NOW);
      const before = await readFile(path, 'utf8');

      const failed = writeSessionSnapshot(
        path,
        failingAfter([buildSession(NOW), buildSession(NOW)]),
        NOW,
      );

      await expect(failed).rejects.toThrow('crashed mid-write');
      expect(await readFile(path, 'utf8')).toBe(before);
      expect(await readdir(directory)).toEqual(['sessions.snapshot']);
    });

    it('should make the file readable by its owner only', async () => {
      await writeSessionSnapshot(path, from([buildSession(NOW)]), NOW);

      const mode = (await stat(path)).mode & 0o777;

      expect(mode).toBe(0o600);
    });

    it('should write an empty snapshot that reads back empty', async () => {
      const count = await writeSessionSnapshot(path, from([]), NOW);

      expect(count).toBe(0);
      expect(await readAll(path)).toEqual([]);
    });
  });

  describe(readSessionSnapshot.name, () => {
    it('should refuse a file cut short before its end line', async () => {
      await writeSessionSnapshot(path, from([buildSession(NOW)]), NOW);
      const lines = (await readFile(path, 'utf8')).split('\n');
      await writeFile(path, lines.slice(0, 2).join('\n') + '\n');

      const reading = readAll(path);

      await expect(reading).rejects.toThrow(SnapshotFormatError);
      await expect(reading).rejects.toThrow('cut short');
    });

    it('should refuse a file that is not a snapshot', async () => {
      await writeFile(path, '{"session_id":"x"}\n');

      await expect(readAll(path)).rejects.toThrow(
        'line 1 is not a jti-session-snapshot',
      );
    });

    it('should refuse a newer format version', async () => {
      await writeFile(
        path,
        '{"format":"jti-session-snapshot","version":2}\n{"end":true}\n',
      );

      await expect(readAll(path)).rejects.toThrow('version 2');
    });

    it('should report a bad line by number and read on', async () => {
      const good = buildSession(NOW);
      await writeSessionSnapshot(path, from([good, good]), NOW);
      const lines = (await readFile(path, 'utf8')).split('\n');
      lines[1] = lines[1].slice(0, 40);
      await writeFile(path, lines.join('\n'));

      const entries = await readAll(path);

      expect(entries).toEqual([
        { line: 2, error: 'not a JSON object (torn or corrupt line)' },
        { line: 3, session: good },
      ]);
    });

    it('should report a session without a valid date', async () => {
      const { expires_at: _dropped, ...partial } = buildSession(NOW);
      const header = { format: 'jti-session-snapshot', version: 1 };
      await writeFile(
        path,
        [header, partial, { end: true, sessions: 1 }]
          .map((value) => JSON.stringify(value))
          .join('\n') + '\n',
      );

      expect(await readAll(path)).toEqual([
        { line: 2, error: 'expires_at is not a date' },
      ]);
    });
  });
});
