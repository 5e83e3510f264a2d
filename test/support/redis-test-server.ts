import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './mongo-test-server';

const REDIS_BINARY = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

/** Children still running, killed if this process exits without stopping them. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const running of liveChildren) running.kill('SIGKILL');
    });
  }
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/**
 * A private redis-server on 127.0.0.1 and a free port, without
 * persistence, that a test can stop and start again on the same port.
 * With REDIS_URL set, that server is used instead and stop/start are
 * refused: a shared server is not ours to stop.
 */
export class RedisTestServer {
  private child?: ChildProcess;
  private currentPort?: number;
  private readonly external = process.env.REDIS_URL;

  /** The server's URL; a database of its own is not needed by the tests. */
  get url(): string {
    if (this.external) return this.external;
    if (!this.currentPort) throw new Error('RedisTestServer is not started');

    return `redis://127.0.0.1:${this.currentPort}`;
  }

  /** Whether stop() and start() may be used on this server. */
  get controllable(): boolean {
    return !this.external;
  }

  /** Starts the server (no-op when running) and returns its URL. */
  async start(): Promise<string> {
    if (this.external || this.child) return this.url;

    this.currentPort ??= await freePort();
    const child = spawn(
      REDIS_BINARY,
      [
        '--port',
        String(this.currentPort),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--protected-mode',
        'yes',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    track(child);
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });

    await waitForReady(child);
    return this.url;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s); the port is kept. */
  async stop(): Promise<void> {
    if (this.external) throw new Error('Refusing to stop a shared Redis');
    const child = this.child;
    if (!child) return;

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async restart(): Promise<string> {
    await this.stop();
    return this.start();
  }
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server not ready: ${output.slice(-2000)}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`redis-server exited (${code}): ${output.slice(-2000)}`),
      );
    });
  });
}
