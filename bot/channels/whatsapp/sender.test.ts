import { describe, expect, it } from 'vitest';
import { SendError } from '../../delivery/send-errors.js';
import { createWhatsAppSender } from './sender.js';
import { FakeWhatsAppClient } from './test-support/fake-client.js';

const message = { channel: 'whatsapp' as const, chatRef: '6285211223344@c.us', text: 'Laporan diterima: LPR-7K3QX9' };

describe('WhatsApp sender', () => {
  it('sends through client.sendMessage and returns the sent message id', async () => {
    const client = new FakeWhatsAppClient();
    const receipt = await createWhatsAppSender({ readyClient: () => client }).send(message);
    expect(client.sent).toEqual([{ chatId: '6285211223344@c.us', content: 'Laporan diterima: LPR-7K3QX9' }]);
    expect(receipt.providerMessageId).toMatch(/^true_6285211223344@c\.us_3EB0F/);
  });

  const rows = [
    { label: 'no ready client', client: null, error: null, kind: 'transient' },
    { label: 'a closed browser session', client: new FakeWhatsAppClient(), error: new Error('Protocol error (Runtime.callFunctionOn): Session closed.'), kind: 'transient' },
    { label: 'an unknown number', client: new FakeWhatsAppClient(), error: new Error('Evaluation failed: Error: wid error: invalid wid'), kind: 'recipient_gone' },
    { label: 'an unknown failure', client: new FakeWhatsAppClient(), error: new Error('Evaluation failed: t'), kind: 'transient' },
  ] as const;

  for (const row of rows) {
    it(`classifies ${row.label} as ${row.kind}`, async () => {
      if (row.client && row.error) row.client.sendError = row.error;
      const error = await createWhatsAppSender({ readyClient: () => row.client }).send(message).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SendError);
      expect((error as SendError).kind).toBe(row.kind);
    });
  }

  it('rejects a chat ref that is not a WhatsApp chat id without calling the client', async () => {
    const client = new FakeWhatsAppClient();
    const error = await createWhatsAppSender({ readyClient: () => client }).send({ ...message, chatRef: '120363025246125486@g.us' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rejected' });
    expect(client.sent).toEqual([]);
  });
});
