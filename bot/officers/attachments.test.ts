import { describe, expect, it } from 'vitest';
import type { OfficerReportView } from '../../db/lifecycle/index.js';
import { WHATSAPP_FILE_MAX_BYTES } from '../channels/whatsapp/file-cap.js';
import { planAttachments } from './attachments.js';

const report = (attachments: { kind: string; ref: string | null; size?: number | null }[], extra: Partial<OfficerReportView> = {}): OfficerReportView =>
  ({
    ticket: 'LPR-7K3QX9M',
    anonim: false,
    sourceChannel: 'telegram',
    attachments: attachments.map((a) => ({ kind: a.kind, channelFileRef: a.ref, storagePath: null, mimeType: null, sizeBytes: a.size ?? null })),
    ...extra,
  }) as OfficerReportView;

describe('planAttachments', () => {
  it('no files: no line, nothing to send (a location is not a file)', () => {
    expect(planAttachments(report([]), 'telegram')).toEqual({ line: null, files: [] });
    expect(planAttachments(report([{ kind: 'location', ref: null }]), 'telegram')).toEqual({ line: null, files: [] });
  });

  it('same channel: every file, in order, captioned with the ticket and its place', () => {
    const plan = planAttachments(report([{ kind: 'photo', ref: 'p1' }, { kind: 'document', ref: 'd1' }, { kind: 'video', ref: 'v1' }]), 'telegram');
    expect(plan.line).toBe('Lampiran: 1 foto, 1 dokumen, 1 video, dikirim setelah pesan ini.');
    expect(plan.files).toEqual([
      { text: 'LPR-7K3QX9M lampiran 1/3', media: { kind: 'photo', fileRef: 'p1' } },
      { text: 'LPR-7K3QX9M lampiran 2/3', media: { kind: 'document', fileRef: 'd1' } },
      { text: 'LPR-7K3QX9M lampiran 3/3', media: { kind: 'video', fileRef: 'v1' } },
    ]);
  });

  it('anonim: only photos, whoever looks; with no photo the line says all were held back', () => {
    const mixed = planAttachments(report([{ kind: 'document', ref: 'd1' }, { kind: 'photo', ref: 'p1' }, { kind: 'audio', ref: 'a1' }], { anonim: true, sourceChannel: 'whatsapp' }), 'whatsapp');
    expect(mixed.files.map((f) => f.media)).toEqual([{ kind: 'photo', fileRef: 'p1' }]);
    expect(mixed.line).toBe(
      'Lampiran: 1 foto, dikirim setelah pesan ini. 1 dokumen, 1 audio tidak dikirim untuk melindungi identitas pelapor (laporan anonim) dan tetap tercatat bersama laporan.',
    );
    const none = planAttachments(report([{ kind: 'document', ref: 'd1' }], { anonim: true }), 'telegram');
    expect(none).toEqual({
      line: 'Lampiran: 1 dokumen tidak dikirim untuk melindungi identitas pelapor (laporan anonim) dan tetap tercatat bersama laporan.',
      files: [],
    });
  });

  it('another channel, or one that cannot send files: nothing sent, the line says where the files are', () => {
    const fromWhatsApp = report([{ kind: 'photo', ref: 'false_628@c.us_X' }, { kind: 'photo', ref: 'false_628@c.us_Y' }], { sourceChannel: 'whatsapp' });
    expect(planAttachments(fromWhatsApp, 'telegram')).toEqual({
      line: 'Lampiran: 2 foto, dikirim pelapor lewat WhatsApp dan belum bisa ditampilkan di sini.',
      files: [],
    });
    expect(planAttachments(report([{ kind: 'photo', ref: 'p' }], { sourceChannel: 'sms' }), 'sms').files).toEqual([]);
  });

  it('WhatsApp: a file over the cap is not fetched again; one at the cap is', () => {
    const cap = WHATSAPP_FILE_MAX_BYTES;
    const files = [
      { kind: 'photo', ref: 'p1', size: 200_000 },
      { kind: 'document', ref: 'd1', size: cap + 1 },
      { kind: 'video', ref: 'v1', size: cap },
    ];
    const plan = planAttachments(report(files, { sourceChannel: 'whatsapp' }), 'whatsapp');
    expect(plan.files.map((f) => f.media?.fileRef)).toEqual(['p1', 'v1']);
    expect(plan.files.map((f) => f.text)).toEqual(['LPR-7K3QX9M lampiran 1/2', 'LPR-7K3QX9M lampiran 2/2']);
    expect(plan.line).toBe(
      'Lampiran: 1 foto, 1 video, dikirim setelah pesan ini. 1 dokumen terlalu besar untuk dikirim ulang di sini (lebih dari 16 MB) dan tetap tercatat bersama laporan.',
    );
    // Telegram sends by file_id, downloading nothing: no cap.
    expect(planAttachments(report(files), 'telegram').files).toHaveLength(3);
  });

  it('WhatsApp: a document, video or audio of unknown size is held back; a photo of unknown size goes', () => {
    const plan = planAttachments(
      report([{ kind: 'photo', ref: 'p1' }, { kind: 'document', ref: 'd1' }, { kind: 'video', ref: 'v1', size: 5_000_000 }], { sourceChannel: 'whatsapp' }),
      'whatsapp',
    );
    expect(plan.files.map((f) => f.media?.fileRef)).toEqual(['p1', 'v1']);
    expect(plan.line).toBe(
      'Lampiran: 1 foto, 1 video, dikirim setelah pesan ini. 1 dokumen tidak dikirim ulang di sini karena ukurannya tidak diketahui, dan tetap tercatat bersama laporan.',
    );
    const onlyBig = planAttachments(report([{ kind: 'document', ref: 'd1', size: 2_000_000_000 }], { sourceChannel: 'whatsapp' }), 'whatsapp');
    expect(onlyBig).toEqual({
      line: 'Lampiran: 1 dokumen terlalu besar untuk dikirim ulang di sini (lebih dari 16 MB) dan tetap tercatat bersama laporan.',
      files: [],
    });
  });
});
