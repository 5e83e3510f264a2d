import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  result: Promise<CliResult>;
}

/**
 * Runs `npm run <script> -- <args>` from the repository root, as an
 * operator would, with extra variables on top of this process's.
 */
export function runNpmScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  return start('npm', ['run', '--silent', script, '--', ...args], env).result;
}

/**
 * Starts the CLI in a node process of its own (no npm in between), so a
 * signal sent to the child reaches the command itself.
 */
export function startCli(args: string[], env: Record<string, string>): CliRun {
  return start(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'src/cli/main.ts',
      ...args,
    ],
    env,
  );
}

function start(
  command: string,
  args: string[],
  env: Record<string, string>,
): CliRun {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text) => (stderr += text));

  const result = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr }),
    );
  });

  return { child, result };
}
