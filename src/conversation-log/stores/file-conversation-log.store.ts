import { Logger } from '@nestjs/common';
import { constants } from 'node:fs';
import { appendFile, FileHandle, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyedSerializer } from '@/common/concurrency/keyed-serializer';
import { Page, PageRequest } from '@/session/session.types';
import { ConversationLog } from '../conversation-log.store';
import { ConversationTurn, TurnQuery } from '../conversation-turn';
import { readTurnFile } from '../jsonl/jsonl-reader';
import { logFileName, sessionIdOfLogFile } from '../jsonl/log-file-name';
import { serializeTurn } from '../jsonl/turn-line';
import { compareTurns, matchesQuery } from '../turn-order';

const TAIL_CHUNK = 64 * 1024;

/** Bytes up to and including the last newline, reading back in chunks. */
async function lengthOfWholeLines(
  handle: FileHandle,
  size: number,
): Promise<number> {
  const chunk = Buffer.alloc(TAIL_CHUNK);
  for (let end = size; end > 0; end -= TAIL_CHUNK) {
    const start = Math.max(0, end - TAIL_CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) return start + newline + 1;
  }

  return 0;
}

interface OpenLog {
  path: string;
  turnNumbers: Set<number>;
}

/**
 * One JSONL file per session, in the legacy layout. Appends to a file are
 * serialised and each batch is one write of whole lines; a line torn by a
 * crash is cut off the first time the file is touched again.
 */
export class FileConversationLog extends ConversationLog {
  readonly kind = 'file';
  private readonly logger = new Logger(FileConversationLog.name);
  private readonly writes = new KeyedSerializer();
  private readonly files = new Map<string, string>();
  private readonly open = new Map<string, OpenLog>();
  private indexed?: Promise<void>;

  constructor(private readonly directory: string) {
    super();
  }

  async append(turns: ConversationTurn[]): Promise<void> {
    const bySession = new Map<string, ConversationTurn[]>();
    for (const turn of turns) {
      const list = bySession.get(turn.session_id) ?? [];
      list.push(turn);
      bySession.set(turn.session_id, list);
    }

    await Promise.all(
      [...bySession].map(([sessionId, sessionTurns]) =>
        this.writes.run(sessionId, () =>
          this.appendToFile(sessionId, sessionTurns),
        ),
      ),
    );
  }

  async findTurns(
    query: TurnQuery,
    page: PageRequest,
  ): Promise<Page<ConversationTurn>> {
    const turns = await this.collect(query);
    const start = (page.page - 1) * page.limit;

    return {
      ...page,
      total: turns.length,
      items: turns.slice(start, start + page.limit),
    };
  }

  async *exportTurns(query: TurnQuery): AsyncIterable<ConversationTurn> {
    yield* await this.collect(query);
  }

  /** Waits for every queued write; used on shutdown. */
  async flush(): Promise<void> {
    await this.writes.drain();
  }

  private async appendToFile(
    sessionId: string,
    turns: ConversationTurn[],
  ): Promise<void> {
    const log = await this.openLog(sessionId, turns[0].timestamp);
    const fresh = new Map<number, ConversationTurn>();
    for (const turn of turns) {
      const known = log.turnNumbers.has(turn.turn_number);
      if (!known && !fresh.has(turn.turn_number)) {
        fresh.set(turn.turn_number, turn);
      }
    }
    if (fresh.size === 0) return;

    const text = [...fresh.values()]
      .map((turn) => serializeTurn(turn) + '\n')
      .join('');
    await appendFile(log.path, text, { encoding: 'utf8' });
    for (const number of fresh.keys()) log.turnNumbers.add(number);
  }

  private async openLog(sessionId: string, startedAt: Date): Promise<OpenLog> {
    const known = this.open.get(sessionId);
    if (known) return known;

    await this.indexFiles();
    const name = this.files.get(sessionId) ?? logFileName(sessionId, startedAt);
    this.files.set(sessionId, name);
    const path = join(this.directory, name);
    await this.cutTornTail(path);

    const turnNumbers = new Set<number>();
    for await (const turn of this.readFile(name)) {
      turnNumbers.add(turn.turn_number);
    }
    const log = { path, turnNumbers };
    this.open.set(sessionId, log);

    return log;
  }

  /** Drops a last line left incomplete by a crash, so appends stay whole. */
  private async cutTornTail(path: string): Promise<void> {
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT);
    try {
      const { size } = await handle.stat();
      const keep = await lengthOfWholeLines(handle, size);
      if (keep === size) return;

      await handle.truncate(keep);
      this.logger.warn(
        `Cut ${size - keep} bytes of an incomplete last line from ${path}`,
      );
    } finally {
      await handle.close();
    }
  }

  private indexFiles(): Promise<void> {
    this.indexed ??= (async () => {
      await mkdir(this.directory, { recursive: true });
      for (const name of await readdir(this.directory)) {
        const sessionId = sessionIdOfLogFile(name);
        if (sessionId) this.files.set(sessionId, name);
      }
    })();

    return this.indexed;
  }

  private async collect(query: TurnQuery): Promise<ConversationTurn[]> {
    await this.indexFiles();
    await this.writes.drain();
    const names = query.session_id
      ? [this.files.get(query.session_id)].filter((n): n is string => !!n)
      : [...this.files.values()];

    const turns: ConversationTurn[] = [];
    for (const name of names) {
      for await (const turn of this.readFile(name)) {
        if (matchesQuery(turn, query)) turns.push(turn);
      }
    }

    return turns.sort((a, b) => compareTurns(a, b, query));
  }

  private readFile(name: string): AsyncGenerator<ConversationTurn> {
    return readTurnFile(join(this.directory, name), {
      timeZone: 'UTC',
      sessionId: sessionIdOfLogFile(name) ?? undefined,
      onBadLine: (bad) =>
        this.logger.debug(`Skipped ${name} line ${bad.line}: ${bad.reason}`),
    });
  }
}
