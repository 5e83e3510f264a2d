import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Options for {@link MongoTestServer}. */
export interface MongoTestServerOptions {
  /** Server binary; built with `build.sh` on first start when omitted. */
  binary?: string;
  /** How long to wait for the `ready` line, in ms (default 60 s). */
  startTimeoutMs?: number;
}

const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_CHARS = 4_000;

/** Children still running and data folders not yet disposed of. */
const liveChildren = new Set<ChildProcess>();
const liveDataDirs = new Set<string>();
let exitHookInstalled = false;

/** Kills leftover servers and removes their folders when this process exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    for (const dir of liveDataDirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort: the folder is in the OS temp dir anyway
      }
    }
  });
}

function trackChild(child: ChildProcess): void {
  installExitHook();
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/** Finds `test/mongo-server/build.sh` from this file's folder upwards. */
function findBuildScript(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'test', 'mongo-server', 'build.sh');
    if (existsSync(candidate)) return candidate;
    const sibling = join(dir, 'mongo-server', 'build.sh');
    if (existsSync(sibling)) return sibling;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error('test/mongo-server/build.sh not found');
    }
    dir = parent;
  }
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() =>
        port ? resolve(port) : reject(new Error('no port assigned')),
      );
    });
  });
}

/**
 * A MongoDB-wire-compatible server (embedded FerretDB on SQLite) for tests.
 * It listens on 127.0.0.1 only and keeps its data in a temp folder that
 * survives {@link restart} and is removed by {@link dispose}.
 */
export class MongoTestServer {
  private static building?: Promise<string>;

  private child?: ChildProcess;
  private exited?: Promise<void>;
  private currentPort?: number;
  private currentDataDir?: string;
  private currentUri?: string;

  constructor(private readonly options: MongoTestServerOptions = {}) {}

  /** Builds the server binary (cached) and returns its path. */
  static build(): Promise<string> {
    MongoTestServer.building ??= runBuildScript().catch((err: unknown) => {
      MongoTestServer.building = undefined;
      throw err;
    });
    return MongoTestServer.building;
  }

  /** The URI of the running server, e.g. `mongodb://127.0.0.1:PORT/`. */
  get uri(): string {
    if (!this.currentUri) throw new Error('MongoTestServer is not started');
    return this.currentUri;
  }

  /** The TCP port, fixed by the first start. */
  get port(): number {
    if (!this.currentPort) throw new Error('MongoTestServer is not started');
    return this.currentPort;
  }

  /** Whether the server process is running. */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts the server (no-op when running) and returns its URI. */
  async start(): Promise<string> {
    if (this.child && this.currentUri) return this.currentUri;

    const binary = this.options.binary ?? (await MongoTestServer.build());
    if (!this.currentDataDir) {
      installExitHook();
      this.currentDataDir = await mkdtemp(join(tmpdir(), 'mongo-test-server-'));
      liveDataDirs.add(this.currentDataDir);
    }

    // A port picked by freePort() can be taken before the server binds it;
    // on the first start only, try another one.
    const firstStart = this.currentPort === undefined;
    for (let attempt = 1; ; attempt++) {
      this.currentPort ??= await freePort();
      try {
        this.currentUri = await this.spawnServer(binary);
        return this.currentUri;
      } catch (err) {
        const portTaken = String(err).includes('address already in use');
        if (!firstStart || !portTaken || attempt >= 3) throw err;
        this.currentPort = undefined;
      }
    }
  }

  /** Stops the server: SIGTERM, then SIGKILL after 5 s. Data is kept. */
  async stop(): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return;

    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops and starts again on the same port and data folder. */
  async restart(): Promise<string> {
    await this.stop();
    return this.start();
  }

  /** Stops the server and removes its data folder. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.currentDataDir) {
      await rm(this.currentDataDir, { recursive: true, force: true });
      liveDataDirs.delete(this.currentDataDir);
    }
    this.currentDataDir = undefined;
    this.currentPort = undefined;
    this.currentUri = undefined;
  }

  private spawnServer(binary: string): Promise<string> {
    const args = [
      '-listen',
      `127.0.0.1:${this.currentPort}`,
      '-data',
      this.currentDataDir!,
      '-watch-stdin',
    ];
    // The server exits when its stdin closes, even if this process is killed.
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    trackChild(child);
    this.child = child;
    this.exited = new Promise((resolve) => {
      const done = (): void => {
        if (this.child === child) this.child = undefined;
        child.stdin?.destroy();
        resolve();
      };
      child.once('exit', done);
      child.once('error', done);
    });

    let stderrTail = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });

    const timeoutMs = this.options.startTimeoutMs ?? 60_000;
    return new Promise<string>((resolve, reject) => {
      let stdout = '';
      let settled = false;
      const settle = (err?: Error, uri?: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(uri!);
      };
      const fail = (reason: string): Error => {
        const tail = stderrTail.trim();
        return new Error(
          `MongoTestServer ${reason}` + (tail ? `; stderr tail:\n${tail}` : ''),
        );
      };

      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        settle(fail(`not ready after ${timeoutMs} ms`));
      }, timeoutMs);

      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        stdout += chunk;
        const match = /^ready (\S+)$/m.exec(stdout);
        if (match) settle(undefined, match[1]);
      });
      child.once('error', (err) => settle(fail(`failed to spawn: ${err}`)));
      // 'close' comes after the exit and the last stderr chunk.
      child.once('close', (code, signal) =>
        settle(fail(`exited early (code ${code}, signal ${signal})`)),
      );
    });
  }
}

function runBuildScript(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [findBuildScript()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const path = stdout.trim().split('\n').pop();
      if (code === 0 && path) resolve(path);
      else reject(new Error(`mongo-server/build.sh failed (exit ${code})`));
    });
  });
}
