import { describe, expect, it } from 'vitest';
import type { ReportStatus } from '../db/tables/reports.table.js';
import type { TicketStatusView } from './contract.js';
import { catalogues } from './messages/index.js';
import { renderReportRecorded, renderStatus } from './status.js';

/**
 * The answer to a status lookup, in both languages: the stage in plain words, the
 * office handling it, the dates as Jakarta calendar days, and "not found".
 */

const TICKET = 'LPR-1TK2HK6';

// 18:30 UTC is 01:30 the next day in Jakarta: the citizen's day, not the server's.
const disposed: TicketStatusView = {
  ticket: TICKET,
  status: 'disposed',
  opdName: 'Dinas PUPR Kota Batam',
  submittedAt: new Date('2026-11-20T18:30:00Z'),
  dueAt: new Date('2026-11-27T03:00:00Z'),
};
const waiting: TicketStatusView = { ticket: TICKET, status: 'submitted', opdName: null, submittedAt: new Date('2026-11-20T03:00:00Z'), dueAt: null };

// Typed as a record so that a status added to the database fails to compile here.
const STATUSES: Record<ReportStatus, true> = {
  submitted: true, postponed: true, disposed: true, in_progress: true, answered: true, resolved: true, closed: true, declined: true, not_authority: true,
};

describe('renderStatus', () => {
  it('Indonesian: stage, office and both dates', () => {
    expect(renderStatus('id', disposed)).toEqual({
      text: [
        'Status laporan LPR-1TK2HK6: diteruskan ke instansi.',
        'Ditangani oleh: Dinas PUPR Kota Batam.',
        'Dikirim 21 November 2026, batas tahap ini 27 November 2026.',
      ].join('\n'),
    });
  });

  it('English: stage, office and both dates', () => {
    expect(renderStatus('en', disposed)).toEqual({
      text: [
        'Status of LPR-1TK2HK6: passed to the responsible office.',
        'Handled by: Dinas PUPR Kota Batam.',
        'Sent 21 November 2026, this stage is due 27 November 2026.',
      ].join('\n'),
    });
  });

  it('leaves out the office and the due date when there are none', () => {
    expect(renderStatus('id', waiting).text).toBe('Status laporan LPR-1TK2HK6: menunggu pemeriksaan admin.\nDikirim 20 November 2026.');
    expect(renderStatus('en', waiting).text).toBe('Status of LPR-1TK2HK6: waiting for an admin to check it.\nSent 20 November 2026.');
  });

  it('not found, in each language, with an example of a ticket', () => {
    expect(renderStatus('id', null)).toEqual({ text: 'Tiket itu tidak ditemukan di laporan Anda. Periksa lagi nomornya, contoh: LPR-7K3QX9M' });
    expect(renderStatus('en', null)).toEqual({ text: 'That ticket was not found among your reports. Check the number, e.g. LPR-7K3QX9M' });
  });

  for (const lang of ['id', 'en'] as const) {
    it(`${lang}: every report status has its own words, never the database code`, () => {
      for (const status of Object.keys(STATUSES)) {
        const label = catalogues[lang].status.labels[status];
        expect(label, `${lang} label for ${status}`).toBeTruthy();
        expect(renderStatus(lang, { ...waiting, status }).text).toContain(`: ${label}.`);
      }
    });
  }

  it('a status this engine does not know yet is shown as it is rather than failing', () => {
    expect(renderStatus('en', { ...waiting, status: 'archived' }).text).toContain('Status of LPR-1TK2HK6: archived.');
  });
});

describe('renderReportRecorded', () => {
  it('gives the ticket and the verification day in each language', () => {
    const due = new Date('2026-11-25T17:30:00Z'); // 26 November in Jakarta
    expect(renderReportRecorded('id', TICKET, due).text).toBe(
      'Laporan LPR-1TK2HK6 sudah tercatat dan diteruskan ke admin LAPOR!. Pemeriksaan paling lambat 26 November 2026. Cek: ketik STATUS LPR-1TK2HK6',
    );
    expect(renderReportRecorded('en', TICKET, due).text).toBe(
      'Report LPR-1TK2HK6 is now on record and with the LAPOR! admin, who will check it by 26 November 2026. To follow it: type STATUS LPR-1TK2HK6',
    );
  });
});
