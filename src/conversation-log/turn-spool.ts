import { Logger } from '@nestjs/common';
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  unlink,
} from 'node:fs/promises';
import { join } from 'node:path';
import { ConversationTurn } from './conversation-turn';
import { parseTurnLine } from './jsonl/turn-line';
import { serializeTurn } from './jsonl/turn-line';

const SPOOL_FILE = /^turns-\d{15}-\d+-\d+\.jsonl$/;
const REJECTED_SUFFIX = '.rejected';

/**
 * Batches of turns that the conversation log could not take yet, one
 * JSONL file per batch in LOG_SPOOL_DIR. A file is written under a
 * temporary name, flushed to disk and then renamed, so it is either whole
 * or absent; the oldest is replayed first.
 */
export class TurnSpool {
  private readonly logger = new Logger(TurnSpool.name);
  private sequence = 0;
  private ready?: Promise<void>;

  constructor(readonly directory: string) {}

  /** Keeps a batch on disk; resolves once it is durable. */
  async save(turns: ConversationTurn[]): Promise<void> {
    await this.ensureDirectory();

    this.sequence += 1;
    const stamp = String(Date.now()).padStart(15, '0');
    const name = `turns-${stamp}-${process.pid}-${this.sequence}.jsonl`;
    const temporary = join(this.directory, `.${name}.tmp`);
    const text = turns.map((turn) => serializeTurn(turn) + '\n').join('');

    const file = await open(temporary, 'w');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, join(this.directory, name));
    await this.syncDirectory();
  }

  /** Spooled batches, oldest first. */
  async pending(): Promise<string[]> {
    await this.ensureDirectory();
    const names = await readdir(this.directory);

    return names.filter((name) => SPOOL_FILE.test(name)).sort();
  }

  async read(name: string): Promise<ConversationTurn[]> {
    const text = await readFile(join(this.directory, name), 'utf8');
    const turns: ConversationTurn[] = [];
    for (const [index, line] of text.split('\n').entries()) {
      const parsed = parseTurnLine(line, { position: 0, timeZone: 'UTC' });
      if (parsed.kind === 'turn') turns.push(parsed.turn);
      else if (parsed.kind === 'bad') {
        this.logger.warn(`Skipped ${name} line ${index + 1}: ${parsed.reason}`);
      }
    }

    return turns;
  }

  /** Forgets a batch that the log now holds. */
  async remove(name: string): Promise<void> {
    await unlink(join(this.directory, name)).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
  }

  /** Sets aside a batch the log refuses for good; it is not replayed. */
  async reject(name: string): Promise<void> {
    await rename(
      join(this.directory, name),
      join(this.directory, name + REJECTED_SUFFIX),
    );
  }

  private ensureDirectory(): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );

    return this.ready;
  }

  /** Makes the rename itself durable. */
  private async syncDirectory(): Promise<void> {
    const directory = await open(this.directory, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}
