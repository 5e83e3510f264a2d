import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNpmScript } from '@test/support/cli-runner';
import { testMongoUri } from '@test/support/test-env';

const SAMPLE = join(__dirname, '../fixtures/legacy-logs/conversations');
const TORN = '20260209_095100_128b2f33-0c5c-4fd0-a6a3-a4506513270e';
const ARRAY = '20260209_101200_a5aa3c81-4f42-4dcb-b394-fb36bb2d420f';

/** Each run spawns the CLI; the generated folder holds 9,000 turns. */
const CLI_TIMEOUT_MS = 120_000;

const GENERATED_FILES = 3_000;
const RECORDS_PER_FILE = 3;
/** Files (by index) whose second line is torn. */
const TORN_EVERY = 250;
const TORN_OFFSET = 7;

function summary(counts: {
  directory: string;
  zone: string;
  files: number;
  sessions: number;
  records: number;
  imported: number;
  present: number;
  bad: number;
}): string {
  return [
    `Imported ${counts.directory} (time zone ${counts.zone})`,
    `  files:           ${counts.files}`,
    `  sessions:        ${counts.sessions}`,
    `  records read:    ${counts.records}`,
    `  imported:        ${counts.imported}`,
    `  already present: ${counts.present}`,
    `  bad lines:       ${counts.bad}`,
    '',
  ].join('\n');
}

/** A legacy record: local time without an offset, no turn number. */
function legacyLine(sessionId: string, minute: number): string {
  const time = `2026-02-10T10:${String(minute).padStart(2, '0')}:00`;

  return JSON.stringify({
    timestamp: time,
    session_id: sessionId,
    mode: 'jti',
    user_message: `message ${minute}`,
    agent_response: 'reply',
    tool_calls: [],
    session_state: { step: 'QUIZ', answers_count: minute },
    error: null,
  });
}

/** Writes the folder and returns the names of the files with a torn line. */
async function generateFolder(directory: string): Promise<string[]> {
  const torn: string[] = [];
  const writes: Promise<void>[] = [];
  for (let index = 0; index < GENERATED_FILES; index += 1) {
    const sessionId = randomUUID();
    const name = `20260210_100000_${sessionId}`;
    const lines = Array.from({ length: RECORDS_PER_FILE }, (_, minute) =>
      legacyLine(sessionId, minute),
    );
    if (index % TORN_EVERY === TORN_OFFSET) {
      lines.splice(1, 0, legacyLine(sessionId, 59).slice(0, 30));
      torn.push(`${name}.jsonl`);
    }
    writes.push(writeFile(join(directory, `${name}.jsonl`), lines.join('\n')));
    writes.push(writeFile(join(directory, `${name}.txt`), 'not data\n'));
  }
  await Promise.all(writes);

  return torn.sort();
}

describe('migrate:logs', () => {
  let uri: string;
  let client: MongoClient;
  let db: Db;

  beforeEach(async () => {
    uri = testMongoUri('migrate_logs');
    client = await MongoClient.connect(uri);
    db = client.db();
  });

  afterEach(async () => {
    await db.dropDatabase();
    await client.close();
  });

  describe('on the shared legacy sample', () => {
    it(
      'should import exactly what EXPECTED.md says, and nothing again',
      async () => {
        const args = ['--from', SAMPLE, '--timezone', 'Asia/Taipei'];

        const first = await runNpmScript('migrate:logs', args, {
          MONGODB_URI: uri,
        });
        const second = await runNpmScript('migrate:logs', args, {
          MONGODB_URI: uri,
        });

        const counts = {
          directory: SAMPLE,
          zone: 'Asia/Taipei',
          files: 8,
          sessions: 8,
          records: 54,
          bad: 2,
        };
        const badLines =
          `Bad line ${TORN}.jsonl:5: not valid JSON (torn or corrupt line)\n` +
          `Bad line ${ARRAY}.jsonl:2: not a JSON object\n`;
        expect(first).toEqual({
          code: 0,
          signal: null,
          stdout: summary({ ...counts, imported: 54, present: 0 }),
          stderr: badLines,
        });
        expect(second).toEqual({
          code: 0,
          signal: null,
          stdout: summary({ ...counts, imported: 0, present: 54 }),
          stderr: badLines,
        });
        const turns = db.collection('conversations');
        expect(await turns.countDocuments()).toBe(54);
        const firstTurn = await turns.findOne({
          session_id: '128b2f33-0c5c-4fd0-a6a3-a4506513270e',
          turn_number: 1,
        });
        expect(firstTurn?.timestamp).toEqual(
          new Date('2026-02-09T01:51:15.000Z'),
        );
        expect(
          await turns.countDocuments({
            timestamp: { $not: { $type: 'date' } },
          }),
        ).toBe(0);
      },
      CLI_TIMEOUT_MS,
    );

    it(
      'should write nothing on a dry run',
      async () => {
        const result = await runNpmScript(
          'migrate:logs',
          ['--from', SAMPLE, '--dry-run'],
          { MONGODB_URI: uri },
        );

        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`Dry run of ${SAMPLE} (time zone UTC)`);
        expect(result.stdout).toContain('records read:    54');
        expect(result.stdout).toContain('Nothing was written.');
        expect(await db.collection('conversations').countDocuments()).toBe(0);
      },
      CLI_TIMEOUT_MS,
    );

    it(
      'should refuse an unknown time zone with exit 1',
      async () => {
        const result = await runNpmScript(
          'migrate:logs',
          ['--from', SAMPLE, '--timezone', 'Asia/Atlantis'],
          { MONGODB_URI: uri },
        );

        expect(result).toEqual({
          code: 1,
          signal: null,
          stdout: '',
          stderr:
            'Unknown time zone "Asia/Atlantis"; use an IANA name such as ' +
            'Asia/Taipei\n',
        });
        expect(await db.collection('conversations').countDocuments()).toBe(0);
      },
      CLI_TIMEOUT_MS,
    );
  });

  describe('on a generated folder of 3,000 files', () => {
    let directory: string;

    beforeEach(async () => {
      directory = await mkdtemp(join(tmpdir(), 'jti-migrate-logs-'));
    });

    afterEach(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    it(
      'should import every file, name each bad line and show progress',
      async () => {
        const torn = await generateFolder(directory);
        const args = ['--from', directory];

        const first = await runNpmScript('migrate:logs', args, {
          MONGODB_URI: uri,
        });
        const second = await runNpmScript('migrate:logs', args, {
          MONGODB_URI: uri,
        });

        const records = GENERATED_FILES * RECORDS_PER_FILE;
        const counts = {
          directory,
          zone: 'UTC',
          files: GENERATED_FILES,
          sessions: GENERATED_FILES,
          records,
          bad: torn.length,
        };
        const badLines = torn.map(
          (name) => `Bad line ${name}:2: not valid JSON (torn or corrupt line)`,
        );
        const progress = [500, 1000, 1500, 2000, 2500, 3000].map(
          (files) => `Read ${files} of ${GENERATED_FILES} files`,
        );
        expect(torn).toHaveLength(12);
        expect(first.code).toBe(0);
        expect(first.stdout).toBe(
          summary({ ...counts, imported: records, present: 0 }),
        );
        expect(second.stdout).toBe(
          summary({ ...counts, imported: 0, present: records }),
        );
        const stderr = first.stderr.trimEnd().split('\n');
        expect(stderr.filter((l) => l.startsWith('Bad line'))).toEqual(
          badLines,
        );
        expect(
          stderr
            .filter((l) => l.startsWith('Read '))
            .map((l) => l.replace(/ \(\d+ records\)$/, '')),
        ).toEqual(progress);
        expect(await db.collection('conversations').countDocuments()).toBe(
          records,
        );
      },
      CLI_TIMEOUT_MS,
    );
  });
});
