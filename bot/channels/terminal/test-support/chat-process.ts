import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run chat` as a person runs it, in a child process: lines go in on stdin, and
 * each one is answered once the CLI prints its `> ` prompt again. For the terminal
 * channel's end-to-end test.
 */
export interface ChatProcess {
  /** Everything the CLI printed on stdout so far. */
  readonly output: string;
  /** Types one line and resolves with what the CLI printed before its next prompt. */
  send(line: string): Promise<string>;
  /** Types `/quit` and resolves with the exit code. */
  quit(): Promise<number | null>;
  /** Ends the process group at once if it still runs (test clean-up). */
  kill(): void;
}

/** Options of {@link startChatProcess}. */
export interface ChatProcessOptions {
  /** Passed as `--chat`: the chat the session is keyed by. */
  chatRef: string;
  /** The CLI's whole environment besides PATH and HOME (DATABASE_URL, REDIS_PREFIX, …). */
  env: Record<string, string>;
  /** How long to wait for a prompt; the first one includes starting tsx. @defaultValue 20 000 ms */
  timeoutMs?: number;
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const PROMPT = '\n> ';

/** Starts `npm run --silent chat -- --chat <chatRef>` and waits for its first prompt. */
export async function startChatProcess(options: ChatProcessOptions): Promise<ChatProcess> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const child: ChildProcessWithoutNullStreams = spawn('npm', ['run', '--silent', 'chat', '--', '--chat', options.chatRef], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    // Its own process group, so clean-up reaches tsx and node behind npm.
    detached: true,
  });
  let output = '';
  let errors = '';
  let exited: { code: number | null } | null = null;
  let wake = () => {};
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  child.on('exit', (code) => {
    exited = { code };
    wake();
  });

  /** Resolves with the output after `from` once `done` holds; rejects on timeout or exit. */
  function waitFor(from: number, done: () => boolean, what: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      const check = () => {
        if (done()) {
          clearTimeout(timer);
          wake = () => {};
          resolve(output.slice(from));
        } else if (exited) {
          fail(`the CLI exited with code ${exited.code}`);
        }
      };
      function fail(why: string) {
        clearTimeout(timer);
        wake = () => {};
        reject(new Error(`${what}: ${why}\n--- stdout (last 2000) ---\n${output.slice(-2000)}\n--- stderr ---\n${errors.slice(-2000)}`));
      }
      wake = check;
      check();
    });
  }

  const prompted = (from: number) => () => output.length > from && output.endsWith(PROMPT);
  const chat: ChatProcess = {
    get output() {
      return output;
    },
    async send(line) {
      const from = output.length;
      child.stdin.write(`${line}\n`);
      const printed = await waitFor(from, prompted(from), `answer to ${JSON.stringify(line)}`);
      return printed.slice(0, -'> '.length);
    },
    async quit() {
      child.stdin.write('/quit\n');
      await waitFor(output.length, () => exited !== null, 'exit after /quit');
      return exited!.code;
    },
    kill() {
      if (exited !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group ended between the check and the kill.
      }
    },
  };
  try {
    await waitFor(0, prompted(0), 'first prompt');
  } catch (err) {
    chat.kill();
    throw err;
  }
  return chat;
}
