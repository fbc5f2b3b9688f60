import { describe, expect, it } from 'vitest';
import { fitsOneSms, gsm7Length, toGsm7 } from './gsm7.js';
import { packForSms, renderNumbered } from './render.js';

describe('gsm7Length', () => {
  it('counts the extension characters double', () => {
    expect(gsm7Length('abc')).toBe(3);
    expect(gsm7Length('€[]{}\\^~|')).toBe(18);
    expect(gsm7Length('Ä é @ £ ¥')).toBe(9);
  });
  it('rejects characters outside GSM-7', () => {
    expect(gsm7Length('Halo 😊')).toBeNull();
    expect(gsm7Length('“kutip”')).toBeNull();
    expect(gsm7Length('ā')).toBeNull();
  });
  it('knows one segment', () => {
    expect(fitsOneSms('a'.repeat(160))).toBe(true);
    expect(fitsOneSms('a'.repeat(161))).toBe(false);
    expect(fitsOneSms(`${'a'.repeat(159)}[`)).toBe(false);
  });
});

describe('toGsm7', () => {
  it('keeps GSM text, replaces typography and drops accents it cannot keep', () => {
    expect(toGsm7('“Jalan” rusak – Dāik 😊')).toBe('"Jalan" rusak - Daik ?');
    expect(toGsm7('Ä é')).toBe('Ä é');
  });
});

describe('packForSms', () => {
  it('puts choices as numbered lines and every part in one segment', () => {
    const parts = packForSms(['x'.repeat(150), 'y'.repeat(100), `${'z '.repeat(200)}`], [
      { value: 'a', label: 'Satu' },
      { value: 'b', label: 'Dua 😊' },
    ]);
    for (const p of parts) expect(fitsOneSms(renderNumbered(p))).toBe(true);
    expect(parts.at(-1)?.choices?.map((c) => c.label)).toEqual(['Satu', 'Dua ?']);
    expect(renderNumbered({ text: 'Setuju?', choices: [{ value: 'y', label: 'Ya' }] })).toBe('Setuju?\n1. Ya');
  });
});
