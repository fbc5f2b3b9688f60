import type { Update } from 'telegraf/types';
import { describe, expect, it } from 'vitest';
import type { InboundEnvelope, Reply } from '../../../conversations/contract.js';
import { createLogger } from '../../../core/logger.js';
import { BotRuntimeError } from '../../runtime/index.js';
import type { OutboundMessage } from '../channel.js';
import { readFixture } from '../inbound-harness.js';
import { createTelegramAdapter } from './adapter.js';
import { createUpdateHandler, type UpdateHandlerDeps } from './update-handler.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const fixture = (name: string, updateId?: number) => {
  const update = readFixture(fixtures, name) as Update;
  return updateId === undefined ? update : { ...update, update_id: updateId };
};

function setup(handleInbound: (e: InboundEnvelope) => Promise<Reply[]>, overrides: Partial<UpdateHandlerDeps> = {}) {
  const delivered: { texts: string[]; updateId: number }[] = [];
  const answered: string[] = [];
  const downloads: string[] = [];
  const handler = createUpdateHandler({
    adapter: createTelegramAdapter(),
    runtime: { handleInbound },
    deliver: async (messages: OutboundMessage[], origin) => {
      delivered.push({ texts: messages.map((m) => m.text), updateId: origin.updateId });
    },
    logger: createLogger({ level: 'silent' }),
    answerCallbackQuery: async (id) => answered.push(id),
    download: async (fileId) => downloads.push(fileId),
    ...overrides,
  });
  return { handler, delivered, answered, downloads };
}

describe('telegram update handler', () => {
  it("keeps one chat's answers in the order of its updates, even when the first is slower", async () => {
    const { handler, delivered } = setup(async (e) => {
      if (e.messageId === '1') await new Promise((r) => setTimeout(r, 50));
      return [{ text: `jawaban ${e.messageId}` }];
    });
    await Promise.all([handler.handle(fixture('text.json', 1)), handler.handle(fixture('text.json', 2))]);
    expect(delivered).toEqual([
      { texts: ['jawaban 1'], updateId: 1 },
      { texts: ['jawaban 2'], updateId: 2 },
    ]);
  });

  it('rejects when the runtime does (so the update stays unacknowledged) but still answers the button', async () => {
    const { handler, delivered, answered } = setup(() => Promise.reject(new BotRuntimeError('CHAT_BUSY', 'busy')));
    await expect(handler.handle(fixture('callback-query.json'))).rejects.toMatchObject({ code: 'CHAT_BUSY' });
    expect(delivered).toEqual([]);
    expect(answered).toEqual(['2152640771183915649']);
  });

  it('acknowledges once the runtime answered, even if delivery fails (a redelivery would be a duplicate)', async () => {
    const { handler } = setup(async () => [{ text: 'ok' }], {
      deliver: () => Promise.reject(new Error('outbox down')),
    });
    await expect(handler.handle(fixture('text.json'))).resolves.toBeUndefined();
  });

  it('starts the download of a photo after the runtime answered', async () => {
    const { handler, downloads } = setup(async () => [{ text: 'Foto diterima' }]);
    await handler.handle(fixture('photo.json'));
    await handler.drain();
    expect(downloads).toEqual(['AgACAgUAAxkBAAIBn2d1a0s1mAABHx9vZl8AAW0qX3Zx-wACsrwxG3pYsFUhQ0p0AAEAAwIAA3kAAzYE']);
  });

  it('sends the polite reply to an edit without calling the runtime, and nothing for a group', async () => {
    let calls = 0;
    const { handler, delivered } = setup(async () => {
      calls += 1;
      return [];
    });
    await handler.handle(fixture('edited-message.json'));
    await handler.handle(fixture('group-text.json'));
    expect(calls).toBe(0);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.texts[0]).toMatch(/pesan yang diedit tidak diproses/);
  });
});
