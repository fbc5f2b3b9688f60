import { describe, expect, it } from 'vitest';
import { runInboundCases } from '../inbound-harness.js';
import { createTerminalAdapter } from './adapter.js';

const at = new Date('2026-11-20T03:00:00Z');
const accepted = (line: string) => {
  const outcome = createTerminalAdapter({ chatRef: 'budi' }).parseInbound(line, at);
  return outcome.status === 'accepted' ? outcome.envelope : null;
};

describe('terminal adapter', () => {
  runInboundCases(createTerminalAdapter({ chatRef: 'budi', runId: 'r' }), {
    fixtures: new URL('./', import.meta.url),
    receivedAt: at,
    rows: [
      {
        label: 'plain text, trimmed',
        fixture: { inline: '  jalan rusak  ' },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: 'jalan rusak' },
        expectedEnvelope: { channel: 'terminal', chatRef: 'budi' },
      },
      { label: 'an empty line', fixture: { inline: '   ' }, expectedStatus: 'ignored', expectedReason: 'empty' },
      {
        label: 'a photo',
        fixture: { inline: '/photo jalan.jpg' },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'media', kind: 'photo', fileRef: 'terminal:jalan.jpg' },
      },
      {
        label: 'a document',
        fixture: { inline: '/document surat.pdf' },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'media', kind: 'document', fileRef: 'terminal:surat.pdf' },
      },
      {
        label: 'a location',
        fixture: { inline: '/location 1.05, 104.03' },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'location', latitude: 1.05, longitude: 104.03 },
      },
      {
        label: 'a malformed location as text',
        fixture: { inline: '/location here' },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: '/location here' },
      },
      {
        label: 'a sticker',
        fixture: { inline: '/sticker' },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'unsupported', what: 'sticker' },
      },
      {
        label: 'a number when no choices are shown as text',
        fixture: { inline: '2' },
        expectedStatus: 'accepted',
        expectedMessage: { type: 'text', text: '2' },
      },
    ],
  });

  it('maps a typed number to the value of the choice shown under it, and only that', () => {
    const adapter = createTerminalAdapter({ chatRef: 'budi' });
    const shown = adapter.render('budi', [
      { text: 'Halo.' },
      {
        text: 'Jenis laporan?',
        choices: [
          { value: 'pengaduan', label: 'Pengaduan' },
          { value: 'aspirasi', label: 'Aspirasi' },
        ],
      },
    ]);
    expect(shown.map((m) => m.text)).toEqual(['Halo.', 'Jenis laporan?\n  1. Pengaduan\n  2. Aspirasi']);
    expect(shown[0]).toMatchObject({ channel: 'terminal', chatRef: 'budi' });
    const message = (line: string) => {
      const outcome = adapter.parseInbound(line, at);
      return outcome.status === 'accepted' ? outcome.envelope.message : null;
    };
    expect(message('2')).toEqual({ type: 'choice', value: 'aspirasi' });
    expect(message('3')).toEqual({ type: 'text', text: '3' });
    adapter.render('budi', [{ text: 'Terima kasih.' }]);
    expect(message('1')).toEqual({ type: 'text', text: '1' });
  });

  it('gives every line its own message id', () => {
    const adapter = createTerminalAdapter({ chatRef: 'budi' });
    const ids = ['a', 'a'].map((line) => {
      const outcome = adapter.parseInbound(line, at);
      return outcome.status === 'accepted' ? outcome.envelope.messageId : null;
    });
    expect(ids[0]).not.toBe(ids[1]);
    expect(accepted('x')?.messageId).not.toBe(accepted('x')?.messageId);
  });

  it('strips terminal control sequences from replies', () => {
    const [out] = createTerminalAdapter({ chatRef: 'budi' }).render('budi', [{ text: 'nama: \u001b[2JBudi' }]);
    expect(out?.text).toBe('nama: [2JBudi');
  });
});
