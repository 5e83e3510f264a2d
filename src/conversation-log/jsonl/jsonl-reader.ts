import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConversationTurn } from '../conversation-turn';
import { parseTurnLine } from './turn-line';

export interface BadLine {
  line: number;
  reason: string;
}

export interface ReadOptions {
  timeZone: string;
  sessionId?: string;
  onBadLine?: (bad: BadLine) => void;
}

/**
 * Streams the turns of one JSONL file. A record without a turn number
 * takes its position among the file's valid records; bad lines are
 * reported and skipped.
 */
export async function* readTurnFile(
  path: string,
  options: ReadOptions,
): AsyncGenerator<ConversationTurn> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let lineNumber = 0;
  let valid = 0;

  for await (const line of lines) {
    lineNumber += 1;
    const parsed = parseTurnLine(line, {
      position: valid + 1,
      timeZone: options.timeZone,
      sessionId: options.sessionId,
    });
    if (parsed.kind === 'blank') continue;
    if (parsed.kind === 'bad') {
      options.onBadLine?.({ line: lineNumber, reason: parsed.reason });
      continue;
    }

    valid += 1;
    yield parsed.turn;
  }
}
