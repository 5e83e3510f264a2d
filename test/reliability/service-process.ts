import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../support/mongo-test-server';

export const ROOT = resolve(__dirname, '..', '..');
export const ADMIN_KEY = 'reliability-admin-key';

const READY_TIMEOUT_MS = 60_000;
const OUTPUT_TAIL_CHARS = 6_000;

/** Children still running, killed if the runner exits without stopping them. */
const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

/**
 * The service compiled with `nest build` into a folder of its own, so
 * that a build of the shared dist/ (which Nest empties first) cannot pull
 * the files from under a running instance. Modules are found through
 * NODE_PATH, pointed at the project's node_modules.
 */
export class ServiceBuild {
  private constructor(
    /** The build folder, removed by dispose(); none for an existing one. */
    readonly directory: string | undefined,
    readonly entry: string,
  ) {}

  /** An entry point built beforehand (RELIABILITY_SERVICE_ENTRY); kept. */
  static existing(entry: string): ServiceBuild {
    return new ServiceBuild(undefined, resolve(entry));
  }

  static async create(): Promise<ServiceBuild> {
    const directory = await mkdtemp(join(tmpdir(), 'jti-reliability-build-'));
    const outDir = join(directory, 'dist');
    const tsconfig = join(directory, 'tsconfig.json');
    await writeFile(
      tsconfig,
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.build.json'),
        compilerOptions: {
          outDir,
          incremental: false,
          sourceMap: false,
          typeRoots: [join(ROOT, 'node_modules', '@types')],
        },
      }),
    );

    // The Nest CLI takes the tsconfig path relative to the workspace.
    const output = await run(
      'npx',
      ['nest', 'build', '-p', relative(ROOT, tsconfig)],
      ROOT,
    ).catch(async (error: unknown) => {
      await rm(directory, { recursive: true, force: true });
      throw error;
    });
    if (output.trim()) console.log(output.trim());

    return new ServiceBuild(directory, join(outDir, 'main.js'));
  }

  async dispose(): Promise<void> {
    if (this.directory) {
      await rm(this.directory, { recursive: true, force: true });
    }
  }
}

/** What start() needs: the variables beyond the shared ones. */
export interface ServiceOptions {
  /** Shown in logs and failures, e.g. "A" or "mongo". */
  name: string;
  env: Record<string, string>;
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Folder for the output log and the working directory (no .env). */
  workDir: string;
}

/** How a stopped instance ended. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the signal to the exit, in ms. */
  ms: number;
}

/** One instance of the service as a real child process on 127.0.0.1. */
export class ServiceProcess {
  private tail = '';
  private readonly exited: Promise<ServiceExit>;
  private signalledAt = 0;
  private exitInfo?: ServiceExit;

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
    readonly port: number,
    log: WriteStream,
  ) {
    liveChildren.add(child);
    const keep = (chunk: Buffer): void => {
      log.write(chunk);
      this.tail = (this.tail + chunk.toString('utf8')).slice(
        -OUTPUT_TAIL_CHARS,
      );
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((done) => {
      child.once('exit', (code, signal) => {
        liveChildren.delete(child);
        log.end();
        this.exitInfo = {
          code,
          signal,
          ms: this.signalledAt ? Date.now() - this.signalledAt : 0,
        };
        done(this.exitInfo);
      });
    });
  }

  /** Starts an instance and waits until /health/live answers 200. */
  static async start(
    build: ServiceBuild,
    options: ServiceOptions,
  ): Promise<ServiceProcess> {
    const port = options.port ?? (await freePort());
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_PATH: join(ROOT, 'node_modules'),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      ADMIN_API_KEY: ADMIN_KEY,
      RATE_LIMIT_SESSIONS_PER_MINUTE: '10000000',
      RATE_LIMIT_CHAT_PER_MINUTE: '10000000',
      CONVERSATION_LOG_DIR: join(options.workDir, 'conversations'),
      LOG_SPOOL_DIR: join(options.workDir, 'spool'),
      ...options.env,
    };
    const child = spawn(process.execPath, [build.entry], {
      cwd: options.workDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(options.workDir, 'service.log'), {
      flags: 'a',
    });
    const service = new ServiceProcess(child, options.name, port, log);
    await service.waitUntilLive();

    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** The last lines the instance printed, for failure messages. */
  get output(): string {
    return this.tail;
  }

  /** Resident set size in KiB, from /proc (Linux). */
  async rssKb(): Promise<number> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    if (!match) throw new Error(`No VmRSS for pid ${this.pid}`);

    return Number(match[1]);
  }

  /** Sends SIGTERM and waits for the exit (SIGKILL after timeoutMs). */
  async terminate(timeoutMs = 30_000): Promise<ServiceExit> {
    if (this.exitInfo) return this.exitInfo;

    this.signalledAt = Date.now();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the instance however it can; for clean-up after a failure. */
  async dispose(): Promise<void> {
    if (!this.exitInfo) await this.terminate(10_000);
  }

  private async waitUntilLive(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exitInfo) {
        throw new Error(
          `Service ${this.name} exited (${this.exitInfo.code}) before ` +
            `listening:\n${this.tail}`,
        );
      }
      const live = await fetch(`${this.url}/health/live`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (live) return;
      await sleep(100);
    }

    await this.dispose();
    throw new Error(`Service ${this.name} not live after 60 s:\n${this.tail}`);
  }
}

/** Runs a command and resolves with its output, or fails with it. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.once('error', fail);
    child.once('close', (code) => {
      if (code === 0) done(output);
      else {
        fail(new Error(`${command} ${args.join(' ')} failed:\n${output}`));
      }
    });
  });
}
