import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Session } from '../session.types';
import { sessionFromJson } from './session-json';

/** The first line names the format, so another JSON file is refused. */
export const SNAPSHOT_FORMAT = 'jti-session-snapshot';
export const SNAPSHOT_VERSION = 1;

/** Output is written in chunks of about this many bytes. */
const CHUNK_BYTES = 256 * 1024;

/** The header line of a snapshot. */
export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  created_at: string;
}

/** One session line: the session, or why the line cannot be used. */
export type SnapshotEntry =
  { line: number; session: Session } | { line: number; error: string };

/** The file is not a whole snapshot; what was read before is still valid. */
export class SnapshotFormatError extends Error {
  constructor(path: string, problem: string) {
    super(`Session snapshot ${path}: ${problem}`);
    this.name = 'SnapshotFormatError';
  }
}

/**
 * Writes sessions as a snapshot, atomically: into a temporary file next to
 * the target, flushed to disk, then renamed over it, so a crash mid-write
 * leaves the previous snapshot whole. Returns how many sessions it wrote.
 */
export async function writeSessionSnapshot(
  path: string,
  sessions: AsyncIterable<Session>,
  createdAt: Date,
): Promise<number> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(
    directory,
    `.${basename(path)}.${randomUUID().slice(0, 8)}.tmp`,
  );

  // Sessions hold what users typed: readable by the service's user only.
  const file = await open(temporary, 'wx', 0o600);
  let count = 0;
  try {
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      created_at: createdAt.toISOString(),
    };
    let chunk = JSON.stringify(header) + '\n';
    for await (const session of sessions) {
      chunk += JSON.stringify(session) + '\n';
      count += 1;
      if (chunk.length >= CHUNK_BYTES) {
        await file.writeFile(chunk);
        chunk = '';
      }
    }
    const end = { end: true, sessions: count };
    await file.writeFile(chunk + JSON.stringify(end) + '\n');
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }

  await file.close();
  await rename(temporary, path);
  await syncDirectory(directory);

  return count;
}

/**
 * Reads a snapshot line by line. Sessions come with their line number; a
 * line that is not a usable session comes as an error entry and the
 * reading goes on. A missing or foreign header, or a file that stops
 * before its end line (cut short), throws SnapshotFormatError.
 */
export async function* readSessionSnapshot(
  path: string,
): AsyncGenerator<SnapshotEntry> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let lineNumber = 0;
  let sessions = 0;
  let ended = false;

  for await (const line of lines) {
    lineNumber += 1;
    if (lineNumber === 1) {
      checkHeader(path, line);
      continue;
    }
    if (!line.trim()) continue;
    if (ended) {
      throw new SnapshotFormatError(path, `line ${lineNumber} follows the end`);
    }

    const record = parseObject(line);
    if (record?.end === true) {
      checkEnd(path, record, sessions);
      ended = true;
      continue;
    }

    sessions += 1;
    const parsed = record
      ? sessionFromJson(record)
      : { error: 'not a JSON object (torn or corrupt line)' };
    yield 'error' in parsed
      ? { line: lineNumber, error: parsed.error }
      : { line: lineNumber, session: parsed.session };
  }

  if (lineNumber === 0)
    throw new SnapshotFormatError(path, 'the file is empty');
  if (!ended) {
    throw new SnapshotFormatError(
      path,
      'it ends without its end line, so it was cut short',
    );
  }
}

function checkHeader(path: string, line: string): void {
  const header = parseObject(line);
  if (header?.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotFormatError(path, `line 1 is not a ${SNAPSHOT_FORMAT}`);
  }
  if (header.version !== SNAPSHOT_VERSION) {
    throw new SnapshotFormatError(
      path,
      `format version ${String(header.version)} is not supported ` +
        `(this service reads version ${SNAPSHOT_VERSION})`,
    );
  }
}

function checkEnd(
  path: string,
  end: Record<string, unknown>,
  sessions: number,
): void {
  if (end.sessions !== sessions) {
    throw new SnapshotFormatError(
      path,
      `the end line counts ${String(end.sessions)} sessions ` +
        `but ${sessions} lines were read`,
    );
  }
}

function parseObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Makes the rename itself durable; not every platform allows it. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Directories cannot be opened for sync on some systems (Windows).
  }
}
