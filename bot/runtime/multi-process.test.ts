import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { uniquePrefix } from '../../test/support.js';
import { chatId, chatKey } from './keys.js';
import type { ScriptedState } from './fixtures/scripted-engine.js';
import { envelope, testRuntime, texts } from './fixtures/test-runtime.js';

const PROCESS_SCRIPT = fileURLToPath(new URL('./fixtures/runtime-process.ts', import.meta.url));

interface Answer {
  messageId: string;
  replies?: string[];
  error?: string;
}

/** A bot process (fixtures/runtime-process.ts) running the real runtime in its own node. */
class BotProcess {
  readonly answers: Answer[] = [];
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #ready: Promise<void>;
  readonly #done: Promise<void>;

  constructor(env: Record<string, string>) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', PROCESS_SCRIPT], {
      env: { ...process.env, REDIS_URL: inject('redisUrl'), ...env },
    });
    onTestFinished(() => {
      if (this.#child.exitCode === null) this.#child.kill('SIGKILL');
    });
    let stderr = '';
    this.#child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: this.#child.stdout });
    this.#ready = new Promise((resolve, reject) => {
      this.#child.on('exit', (code) => reject(new Error(`bot process exited (${code}): ${stderr}`)));
      lines.on('line', (line) => {
        const parsed = JSON.parse(line) as Answer & { ready?: true; done?: true };
        if (parsed.ready) resolve();
        else if (!parsed.done) this.answers.push(parsed);
      });
    });
    this.#done = new Promise((resolve) => this.#child.on('exit', () => resolve()));
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  send(chatRef: string, messageId: string, text: string): void {
    this.#child.stdin.write(`${JSON.stringify({ chatRef, messageId, text })}\n`);
  }

  /** Lets the process finish what it was sent, then waits for it to exit. */
  finish(): Promise<void> {
    this.#child.stdin.end();
    return this.#done;
  }

  kill(): Promise<void> {
    this.#child.kill('SIGKILL');
    return this.#done;
  }
}

describe('two bot processes on one Redis', () => {
  it('apply every message of a chat exactly once, in order, when both get every delivery', async () => {
    const prefix = uniquePrefix('two-processes');
    // The random delay inside each message's status lookup holds the chat's lock for a
    // while: without a working lock the processes would overwrite each other's state.
    const bots = [0, 1].map(() => new BotProcess({ PREFIX: prefix, LOOKUP_DELAY_MS: '4' }));
    await Promise.all(bots.map((b) => b.ready()));

    const chats = Array.from({ length: 8 }, (_, i) => `chat-${i}`);
    const perChat = 25;
    const sent = new Map(chats.map((c) => [c, [] as string[]]));
    for (let k = 0; k < perChat; k += 1) {
      for (const [i, chat] of chats.entries()) {
        const text = k % 2 === 0 ? `status m${k}` : `m${k}`;
        sent.get(chat)!.push(text);
        // Every message reaches both processes (as a redelivery would), in varying order.
        const order = (i + k) % 2 === 0 ? bots : [...bots].reverse();
        for (const bot of order) bot.send(chat, `${chat}/${k}`, text);
      }
    }
    await Promise.all(bots.map((b) => b.finish()));

    const answers = bots.flatMap((b) => b.answers);
    expect(answers.filter((a) => a.error)).toEqual([]);
    const answered = answers.filter((a) => a.replies!.length > 0);
    // Each message answered by exactly one process; the other saw a duplicate.
    expect(answered.map((a) => a.messageId).sort()).toEqual(
      chats.flatMap((c) => Array.from({ length: perChat }, (_, k) => `${c}/${k}`)).sort(),
    );
    // Both processes took part, so the chats really were shared between them.
    for (const bot of bots) expect(bot.answers.some((a) => a.replies!.length > 0)).toBe(true);
    // Reply k carries number k+1: each message saw exactly the state its predecessor left.
    for (const a of answered) {
      const k = Number(a.messageId.split('/')[1]);
      expect(a.replies![0]).toMatch(new RegExp(`^#${k + 1} `));
    }

    const t = await testRuntime('two-processes-reader');
    for (const chat of chats) {
      const json = await t.redis.hget(chatKey(prefix, chatId('telegram', chat)), 's');
      expect((JSON.parse(json!) as ScriptedState).log).toEqual(sent.get(chat));
    }
  });

  it('takes over the chat of a killed process once its lock expires, losing nothing', async () => {
    const lockTtlMs = 1500;
    const t = await testRuntime('killed', { lockTtlMs });
    const stuck = new BotProcess({ PREFIX: t.prefix, LOCK_TTL_MS: String(lockTtlMs), LOOKUP_HANG: '1' });
    await stuck.ready();
    stuck.send('c1', 'first', 'status LPR-0000000');
    const key = chatKey(t.prefix, chatId('telegram', 'c1'));
    while ((await t.redis.hget(key, 'l')) === null) await new Promise((r) => setTimeout(r, 5));
    await stuck.kill();

    const started = Date.now();
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'second')))).toEqual(['#1 second']);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThan(500);
    // Taken over once the lock expired, well before the wait limit (3 × TTL) would
    // have refused the message; generous because a loaded CI machine is slow.
    expect(waited).toBeLessThan(lockTtlMs * 3);
    // The dead process never acknowledged "first", so the channel delivers it again: it is handled now.
    expect(texts(await t.runtime.handleInbound(envelope('c1', 'status LPR-0000000', { messageId: 'first' })))).toEqual([
      '#2 status LPR-0000000',
      'status not found',
    ]);
  });
});
