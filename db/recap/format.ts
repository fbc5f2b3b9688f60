import type { OpdRecap, Recap, RecapFigures } from './recap.js';

const pct = (share: number | null): string => (share === null ? '-' : `${(share * 100).toFixed(1)}%`);
const hrs = (h: number | null): string => (h === null ? '-' : `${h} jam`);

function block(f: RecapFigures): string[] {
  return [
    `  total laporan           ${f.total}`,
    `  pengaduan / aspirasi / permintaan informasi: ${f.byKind.pengaduan} / ${f.byKind.aspirasi} / ${f.byKind.permintaan_informasi}`,
    `  selesai                 ${f.byStatus.selesai}`,
    `  dalam proses            ${f.byStatus.dalamProses}`,
    `  belum ditindaklanjuti   ${f.byStatus.belumDitindaklanjuti}`,
    `  ditolak (tidak layak)   ${f.byStatus.declined}`,
    `  bukan wewenang          ${f.byStatus.notAuthority}`,
    `  persentase selesai      ${pct(f.shareResolved)}`,
    `  median ke verifikasi    ${hrs(f.medianHoursToVerification)}`,
    `  median ke jawaban       ${hrs(f.medianHoursToAnswer)}`,
  ];
}

/** The recap as the text an operator reads in a terminal (Indonesian labels). */
export function formatRecapText(recap: Recap): string {
  const { from, to, region } = recap.query;
  const lines = [`Rekap laporan ${from} s.d. ${to}${region ? ` wilayah ${region}` : ''}`, ...block(recap)];
  for (const opd of recap.perOpd) {
    lines.push('', `${opd.opdName ?? '(belum ada OPD)'}${opd.opdCode ? ` [${opd.opdCode}]` : ''}`, ...block(opd));
  }
  return `${lines.join('\n')}\n`;
}

const CSV_HEADER = [
  'opd_code', 'opd_name', 'total', 'pengaduan', 'aspirasi', 'permintaan_informasi', 'selesai', 'dalam_proses',
  'belum_ditindaklanjuti', 'declined', 'not_authority', 'share_resolved', 'median_hours_to_verification',
  'median_hours_to_answer',
];

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvRow(code: string | null, name: string | null, f: RecapFigures): string {
  return [
    code, name, f.total, f.byKind.pengaduan, f.byKind.aspirasi, f.byKind.permintaan_informasi, f.byStatus.selesai,
    f.byStatus.dalamProses, f.byStatus.belumDitindaklanjuti, f.byStatus.declined, f.byStatus.notAuthority,
    f.shareResolved === null ? null : f.shareResolved.toFixed(4), f.medianHoursToVerification, f.medianHoursToAnswer,
  ].map(csvCell).join(',');
}

/**
 * The recap as CSV for spreadsheets: a header, then one `*` row for the whole area
 * (opd_code `*`) and one row per OPD (empty opd_code: not yet given to an OPD).
 */
export function formatRecapCsv(recap: Recap): string {
  const rows = [CSV_HEADER.join(','), csvRow('*', 'semua', recap)];
  for (const opd of recap.perOpd as OpdRecap[]) rows.push(csvRow(opd.opdCode, opd.opdName, opd));
  return `${rows.join('\n')}\n`;
}
