import { describe, expect, it } from 'vitest';
import { createTerminalAdapter } from './adapter.js';

const at = new Date('2026-11-20T03:00:00Z');

describe('terminal adapter', () => {
  const rows = [
    { label: 'plain text', line: '  jalan rusak  ', message: { type: 'text', text: 'jalan rusak' } },
    { label: 'empty line', line: '   ', message: null },
    { label: 'photo', line: '/photo jalan.jpg', message: { type: 'media', kind: 'photo', fileRef: 'terminal:jalan.jpg' } },
    { label: 'document', line: '/document surat.pdf', message: { type: 'media', kind: 'document', fileRef: 'terminal:surat.pdf' } },
    { label: 'location', line: '/location 1.05, 104.03', message: { type: 'location', latitude: 1.05, longitude: 104.03 } },
    { label: 'bad location stays text', line: '/location here', message: { type: 'text', text: '/location here' } },
    { label: 'sticker', line: '/sticker', message: { type: 'unsupported', what: 'sticker' } },
    { label: 'number with no choices shown', line: '2', message: { type: 'text', text: '2' } },
  ] as const;

  for (const row of rows) {
    it(`reads ${row.label}`, () => {
      const envelope = createTerminalAdapter({ chatRef: 'budi', runId: 'r' }).toEnvelope(row.line, at);
      expect(envelope?.message ?? null).toEqual(row.message);
    });
  }

  it('maps a typed number to the value of the choice shown under it, and only that', () => {
    const adapter = createTerminalAdapter({ chatRef: 'budi', runId: 'r' });
    const shown = adapter.render({
      text: 'Jenis laporan?',
      choices: [
        { value: 'pengaduan', label: 'Pengaduan' },
        { value: 'aspirasi', label: 'Aspirasi' },
      ],
    });
    expect(shown).toBe('Jenis laporan?\n  1. Pengaduan\n  2. Aspirasi');
    expect(adapter.toEnvelope('2', at)?.message).toEqual({ type: 'choice', value: 'aspirasi' });
    expect(adapter.toEnvelope('3', at)?.message).toEqual({ type: 'text', text: '3' });
    adapter.render({ text: 'Terima kasih.' });
    expect(adapter.toEnvelope('1', at)?.message).toEqual({ type: 'text', text: '1' });
  });

  it('gives every line its own message id on the terminal channel', () => {
    const adapter = createTerminalAdapter({ chatRef: 'budi', runId: 'run1' });
    const a = adapter.toEnvelope('a', at);
    const b = adapter.toEnvelope('a', at);
    expect(a).toMatchObject({ channel: 'terminal', chatRef: 'budi', receivedAt: at });
    expect(a?.messageId).not.toBe(b?.messageId);
  });

  it('strips terminal control sequences from replies', () => {
    const adapter = createTerminalAdapter({ chatRef: 'budi' });
    expect(adapter.render({ text: 'nama: \u001b[2JBudi' })).toBe('nama: [2JBudi');
  });
});
