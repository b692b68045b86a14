import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { TaskCancelledError } from './taskCancellation';

const run = promisify(execFile);

/**
 * Runs git and returns its trimmed stdout. The user's and the system's git
 * config are left out so that every machine behaves alike; a failure carries
 * git's stderr. When `signal` aborts, git is not started, or is killed, and a
 * TaskCancelledError names the command.
 */
export async function git(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<string> {
  if (options.signal?.aborted) {
    throw new TaskCancelledError(
      `The task was cancelled; git ${args.join(' ')} was not run`,
    );
  }
  try {
    const { stdout } = await run('git', args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        ...options.env,
      },
      maxBuffer: 16 * 1024 * 1024,
      signal: options.signal,
    });
    return stdout.trim();
  } catch (error) {
    if (options.signal?.aborted) {
      throw new TaskCancelledError(
        `The task was cancelled; git ${args.join(' ')} was stopped`,
      );
    }
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(
      `git ${args.join(' ')} failed: ${stderr || (error as Error).message}`,
    );
  }
}

/** Quotes a string for a POSIX shell script. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
