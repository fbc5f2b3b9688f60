import { describe, expect, it } from 'vitest';
import { SendError } from '../../delivery/send-errors.js';
import { WHATSAPP_FILE_MAX_BYTES } from './file-cap.js';
import { createWhatsAppSender } from './sender.js';
import { FakeWhatsAppClient, fixtureMessage, SAMPLE_MEDIA } from './test-support/fake-client.js';

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

  it('sends a file by downloading it from the citizen\'s message and sending it as a new one, with the caption', async () => {
    const client = new FakeWhatsAppClient();
    const image = fixtureMessage('image.json');
    client.store.set(image.id._serialized, image);
    const receipt = await createWhatsAppSender({ readyClient: () => client }).send({
      ...message,
      text: 'LPR-7K3QX9M lampiran 1/1',
      media: { kind: 'photo', fileRef: image.id._serialized },
    });
    expect(client.sent).toEqual([{ chatId: '6285211223344@c.us', content: 'LPR-7K3QX9M lampiran 1/1', media: SAMPLE_MEDIA['image'] }]);
    expect(receipt.providerMessageId).toMatch(/^true_6285211223344@c\.us_3EB0F/);
  });

  it('gives a file up as rejected when the message is gone from the phone or its file from WhatsApp', async () => {
    const client = new FakeWhatsAppClient();
    const expired = fixtureMessage('image.json', { downloadMedia: async () => undefined });
    client.store.set(expired.id._serialized, expired);
    const sender = createWhatsAppSender({ readyClient: () => client });
    for (const fileRef of ['false_6285211223344@c.us_GONE', expired.id._serialized]) {
      const error = await sender.send({ ...message, media: { kind: 'photo', fileRef } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'rejected' });
    }
    expect(client.sent).toEqual([]);
  });

  it('gives a downloaded file over the cap up as rejected without sending it; one at the cap goes', async () => {
    const client = new FakeWhatsAppClient();
    // What downloadMedia() hands over: the whole file as base64 (4 characters per 3 bytes).
    const base64Of = (bytes: number) => Buffer.alloc(bytes, 1).toString('base64');
    const big = fixtureMessage('document.json', {
      downloadMedia: async () => ({ mimetype: 'application/pdf', data: base64Of(WHATSAPP_FILE_MAX_BYTES + 1), filename: 'surat.pdf', filesize: null }),
    });
    const atCap = fixtureMessage('video.json', {
      downloadMedia: async () => ({ mimetype: 'video/mp4', data: base64Of(WHATSAPP_FILE_MAX_BYTES), filename: null, filesize: null }),
    });
    client.store.set(big.id._serialized, big);
    client.store.set(atCap.id._serialized, atCap);
    const sender = createWhatsAppSender({ readyClient: () => client });
    const error = await sender.send({ ...message, media: { kind: 'document', fileRef: big.id._serialized } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ kind: 'rejected' });
    expect(client.sent).toEqual([]);
    await sender.send({ ...message, media: { kind: 'video', fileRef: atCap.id._serialized } });
    expect(client.sent).toHaveLength(1);
  });

  it('rejects a chat ref that is not a WhatsApp chat id without calling the client', async () => {
    const client = new FakeWhatsAppClient();
    const error = await createWhatsAppSender({ readyClient: () => client }).send({ ...message, chatRef: '120363025246125486@g.us' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rejected' });
    expect(client.sent).toEqual([]);
  });
});
