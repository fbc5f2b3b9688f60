import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeRequest, FakeTelegramControl, FakeTelegramOptions, Injection } from './fake-telegram.js';

const entry = fileURLToPath(new URL('./fake-telegram-process.ts', import.meta.url));

/** Starts fake-telegram-process.ts as a child process and steers it over HTTP. */
export async function startRemoteFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegramControl> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const apiRoot = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening (\S+)\n/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`fake Telegram process exited with ${code}`)));
  });
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${apiRoot}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    return res.json() as Promise<unknown>;
  };
  return {
    apiRoot,
    token: options.token ?? 'TEST:TOKEN',
    requests: async () => (await call('/__fake/requests')) as FakeRequest[],
    async inject429(seconds, count = 1, textIncludes) {
      for (let i = 0; i < count; i++) {
        await call('/__fake/inject', {
          status: 429,
          body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } },
          ...(textIncludes === undefined ? {} : { textIncludes }),
        } satisfies Injection);
      }
    },
    async inject(injection) {
      await call('/__fake/inject', injection);
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
