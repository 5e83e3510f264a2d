import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { rename, stat } from 'node:fs/promises';
import { Clock } from '@/common/clock/clock';
import { SessionBackends } from '../session-backends';
import { SessionModuleOptions } from '../session-module.options';
import { SESSION_MODULE_OPTIONS } from '../session.module-definition';
import { SessionStore } from '../session.store';
import { ImportProblem, importSessions } from './session-import';
import {
  readSessionSnapshot,
  writeSessionSnapshot,
} from './session-snapshot-file';

const LEFT_AS_IS =
  'The file is left as it is and will not be overwritten; fix or move it, ' +
  'then start again';

/**
 * Carries memory sessions across restarts through SESSION_SNAPSHOT_PATH.
 * At start the file is imported into whatever store the flags chose (by
 * version, so nothing newer is overwritten); on shutdown, after the last
 * request, the memory sessions are written back. A setup without memory
 * (MongoDB only) imports the file once and renames it, so a later start
 * cannot bring back sessions deleted since.
 */
@Injectable()
export class SessionSnapshotService
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(SessionSnapshotService.name);
  private readonly path?: string;
  /** Set once the file was read: a failed start must never overwrite it. */
  private loaded = false;

  constructor(
    private readonly store: SessionStore,
    private readonly backends: SessionBackends,
    private readonly clock: Clock,
    @Inject(SESSION_MODULE_OPTIONS) options: SessionModuleOptions,
  ) {
    this.path = options.snapshotPath;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.path) return;

    const found = await this.load(this.path);
    if (found && !this.backends.memory) await this.retire(this.path);
    this.loaded = true;
  }

  async onApplicationShutdown(): Promise<void> {
    const memory = this.backends.memory;
    if (!this.path || !this.loaded || !memory) return;

    const count = await writeSessionSnapshot(
      this.path,
      memory.listAll(),
      this.clock.now(),
    );
    this.logger.log(`Saved ${count} live sessions to ${this.path}`);
  }

  /** False when there is no file yet (a first start). */
  private async load(path: string): Promise<boolean> {
    if (!(await exists(path))) {
      this.logger.log(`No session snapshot at ${path} yet; starting empty`);
      return false;
    }

    const problems: ImportProblem[] = [];
    const counts = await importSessions(readSessionSnapshot(path), this.store, {
      onProblem: (problem) => problems.push(problem),
    }).catch((error: unknown) => {
      throw new Error(`${describe(error)}. ${LEFT_AS_IS}`, { cause: error });
    });
    if (counts.failed > 0) {
      throw new Error(
        `Could not load ${counts.failed} sessions from the snapshot ` +
          `${path} (${describeProblem(problems[0])}). ${LEFT_AS_IS}`,
      );
    }

    this.logger.log(
      `Loaded session snapshot ${path}: ${counts.copied} sessions ` +
        `restored, ${counts.skipped} expired or already newer`,
    );
    return true;
  }

  private async retire(path: string): Promise<void> {
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    const imported = `${path}.imported-${stamp}`;
    await rename(path, imported);
    this.logger.log(`Snapshot imported into MongoDB and kept as ${imported}`);
  }
}

/** Only a missing file counts as none; any other error stops the start. */
async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeProblem(problem: ImportProblem | undefined): string {
  if (!problem) return 'unknown problem';
  const where = problem.line ? `line ${problem.line}: ` : '';

  return where + problem.reason;
}
