import { describe, expect, it } from 'vitest';
import { ticketFromSerial } from '../../core/ticket.js';
import { isEnrolment, parseChoiceValue, parseCommand, parseRecapRange } from './commands.js';
import { currentMonth } from './listings.js';

const ticket = ticketFromSerial(12345);
const payload = ticket.slice(4);

describe('parseCommand', () => {
  it('reads commands with or without the slash, in any case, and tickets loosely', () => {
    expect(parseCommand(`/LIHAT ${ticket.toLowerCase()}`)).toMatchObject({ kind: 'action', action: 'lihat', ticket });
    expect(parseCommand(`lihat lpr ${payload.toLowerCase()}`)).toMatchObject({ ticket });
    expect(parseCommand(`lihat ${payload}`)).toMatchObject({ ticket });
    expect(parseCommand(`/balas@LaporBot ${ticket} Baris satu\nbaris dua`)).toEqual({
      kind: 'action',
      action: 'balas',
      ticket,
      typedTicket: ticket,
      text: 'Baris satu\nbaris dua',
    });
    expect(parseCommand(`/bukanwewenang ${ticket} alasan`)).toMatchObject({ action: 'bukan', text: 'alasan' });
    expect(parseCommand('/proses LPR-1234')).toMatchObject({ action: 'proses', ticket: null, typedTicket: 'LPR-1234' });
    expect(parseCommand('Laporan')).toEqual({ kind: 'laporan' });
    expect(parseCommand('/rekap 2026-11-01 2026-11-30')).toEqual({ kind: 'rekap', args: ['2026-11-01', '2026-11-30'] });
    expect(parseCommand('laporan saya belum dibalas')).toBeNull();
    expect(parseCommand('apa kabar')).toBeNull();
  });

  it('in strict mode only slash commands and a bare "batal" count', () => {
    expect(parseCommand('Selesai kami kerjakan', { strict: true })).toBeNull();
    expect(parseCommand(' Batal ', { strict: true })).toEqual({ kind: 'batal' });
    expect(parseCommand(`/selesai ${ticket} ok`, { strict: true })).toMatchObject({ action: 'selesai' });
  });
});

describe('isEnrolment', () => {
  it('is /daftar always, plain daftar only with something shaped like a code', () => {
    expect(isEnrolment('/daftar')).toBe(true);
    expect(isEnrolment('/daftar 7K3Q-X9MB')).toBe(true);
    expect(isEnrolment('Daftar 7k3q x9mb')).toBe(true);
    expect(isEnrolment('daftar ulang KTP saya')).toBe(false);
    expect(isEnrolment('halo')).toBe(false);
    expect(isEnrolment('/start')).toBe(false);
  });
});

describe('choice values and dates', () => {
  it('reads `<action>:<ticket>` values', () => {
    expect(parseChoiceValue(`tolak:${ticket}`)).toEqual({ action: 'tolak', ticket });
    expect(parseChoiceValue(`lapor:${ticket}`)).toBeNull();
    expect(parseChoiceValue('laporan')).toBeNull();
  });

  it('reads recap ranges and the current Jakarta month', () => {
    expect(parseRecapRange(['2026-11-01', '2026-11-30'])).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(parseRecapRange(['2026-11-01'])).toBeNull();
    expect(parseRecapRange(['2026-13-01', '2026-11-30'])).toBeNull();
    // 31 Jan 20:00 UTC is already 1 Feb in Jakarta.
    expect(currentMonth(new Date('2028-01-31T20:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});
