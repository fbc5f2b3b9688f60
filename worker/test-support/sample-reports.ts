import { ticketFromSerial } from '../../core/ticket.js';
import type { SubmittedReport } from '../queues.js';

/**
 * Plausible submitted reports for tests and the benchmark: Indonesian names and
 * texts, a NIK whose region and birth-date parts are well formed, a +628 number.
 * Deterministic for a given serial, so a failing case can be reproduced.
 */

const GIVEN = ['Siti', 'Budi', 'Dewi', 'Agus', 'Rina', 'Eko', 'Wahyu', 'Putri', 'Joko', 'Ayu', 'Hendra', 'Nur', 'Rahmat', 'Fitri', 'Yusuf', 'Lestari'];
const FAMILY = ['Rahayu', 'Santoso', 'Wulandari', 'Saputra', 'Hidayat', 'Kurniawan', 'Siregar', 'Nasution', 'Simanjuntak', 'Pratama', 'Handayani', 'Setiawan'];
const COMPLAINTS: { title: string; body: string }[] = [
  { title: 'Jalan berlubang di depan sekolah', body: 'Sejak dua minggu lalu jalan di depan SD negeri berlubang besar dan tergenang air saat hujan. Sudah ada dua pengendara motor yang jatuh.' },
  { title: 'Lampu penerangan jalan mati', body: 'Lampu jalan di gang kami mati sejak awal bulan sehingga warga takut keluar malam. Mohon segera diperbaiki.' },
  { title: 'Pelayanan KTP elektronik lambat', body: 'Saya sudah merekam data KTP-el tiga bulan lalu tetapi sampai sekarang belum dicetak, petugas hanya meminta menunggu.' },
  { title: 'Sampah menumpuk di pasar', body: 'Sampah di pasar tradisional tidak diangkut selama seminggu, bau menyengat dan banyak lalat di sekitar pedagang makanan.' },
  { title: 'Puskesmas tutup pada jam layanan', body: 'Hari Senin pukul sepuluh pagi puskesmas sudah tutup padahal jadwal layanan sampai pukul dua siang. Ibu saya tidak bisa berobat.' },
  { title: 'Pungutan liar saat mengurus izin usaha', body: 'Oknum petugas meminta uang tambahan di luar biaya resmi agar izin usaha warung saya cepat selesai. Saya menolak dan berkas saya ditunda.' },
  { title: 'Saluran air tersumbat', body: 'Saluran air di samping rumah warga tersumbat sehingga setiap hujan deras air meluap ke jalan dan masuk ke rumah.' },
  { title: 'Guru honorer belum menerima gaji', body: 'Guru honorer di sekolah kami belum menerima honor selama tiga bulan berturut-turut tanpa penjelasan dari dinas.' },
];
const PLACES = ['depan balai desa', 'Jl. Merdeka dekat masjid', 'pasar lama', 'gang Melati RT 03 RW 02', 'samping puskesmas', 'simpang empat kelurahan'];

/** The province, regency, district and village codes of a village code `21.71.07.1004`. */
export function regionOfVillage(villageCode: string): SubmittedReport['region'] {
  const [p, r, d] = villageCode.split('.');
  return { provinceCode: p!, regencyCode: `${p}.${r}`, districtCode: `${p}.${r}.${d}`, villageCode };
}

/** A NIK issued in `districtCode`: region (6) + birth date DDMMYY, day + 40 for women + serial (4). */
export function sampleNik(districtCode: string, serial: number): string {
  const region = districtCode.replaceAll('.', '');
  const female = serial % 2 === 0;
  const day = 1 + (serial % 28) + (female ? 40 : 0);
  const month = 1 + (serial % 12);
  const year = 60 + (serial % 40);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${region}${pad(day)}${pad(month)}${pad(year)}${pad(1 + (serial % 9999), 4)}`;
}

/** Options for {@link sampleReport}. */
export interface SampleReportOptions {
  serial: number;
  villageCode: string;
  category: string;
  /** @defaultValue now */
  submittedAt?: Date;
  /** @defaultValue 0 */
  attachments?: number;
}

/** A valid submitted report; the ticket is `ticketFromSerial(serial)`. */
export function sampleReport({ serial, villageCode, category, submittedAt = new Date(), attachments = 0 }: SampleReportOptions): SubmittedReport {
  const region = regionOfVillage(villageCode);
  const pick = <T>(list: readonly T[], salt: number): T => list[(serial * 7919 + salt) % list.length]!;
  const text = pick(COMPLAINTS, 1);
  const phone = `+628${String(1_100_000_000 + ((serial * 104_729) % 800_000_000)).slice(0, 10)}`;
  return {
    ticket: ticketFromSerial(serial),
    submittedAt: submittedAt.toISOString(),
    kind: pick(['pengaduan', 'pengaduan', 'aspirasi', 'permintaan_informasi'] as const, 2),
    category,
    title: text.title,
    body: text.body,
    incidentDate: submittedAt.toISOString().slice(0, 10),
    place: pick(PLACES, 3),
    region,
    location: null,
    privacy: { anonim: serial % 5 === 0, rahasia: serial % 7 === 0 },
    language: 'id',
    channel: pick(['telegram', 'whatsapp', 'sms'] as const, 4),
    chatRef: String(100_000_000 + serial),
    reporter: {
      name: `${pick(GIVEN, 5)} ${pick(FAMILY, 6)}`,
      nik: sampleNik(region.districtCode, serial),
      phone,
      address: `${pick(PLACES, 7)}, ${villageCode}`,
    },
    attachments: Array.from({ length: attachments }, (_, i) => ({
      kind: 'photo' as const,
      channelFileRef: `file-${serial}-${i}`,
      storagePath: null,
      mimeType: 'image/jpeg',
      sizeBytes: 120_000 + i,
    })),
  };
}
