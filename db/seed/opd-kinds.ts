import type { OpdKindsTable } from '../tables/opd.table.js';

/**
 * The coordinating admin's kind. Every regency and province gets one unit of this kind,
 * flagged `is_coordinator`: it verifies new reports and disposes them to an OPD, and
 * receives whatever no routing rule matches.
 */
export const COORDINATOR_KIND = 'admin';

/**
 * Kinds of unit the default OPD set is generated from, one unit per kind per regency.
 * `name` is the unit's name without its region: "Dinas Kesehatan" + " Kota Batam".
 * The list follows the dinas most regencies have under PP 18/2016; deployments whose
 * units are merged differently replace the set with `npm run seed -- --opd file.csv`.
 */
export const OPD_KINDS: readonly OpdKindsTable[] = [
  { code: COORDINATOR_KIND, name: 'Admin Koordinator SP4N-LAPOR!' },
  { code: 'dinkes', name: 'Dinas Kesehatan' },
  { code: 'disdik', name: 'Dinas Pendidikan' },
  { code: 'disdukcapil', name: 'Dinas Kependudukan dan Pencatatan Sipil' },
  { code: 'dpmptsp', name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu' },
  { code: 'pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' },
  { code: 'dishub', name: 'Dinas Perhubungan' },
  { code: 'dlh', name: 'Dinas Lingkungan Hidup' },
  { code: 'dispar', name: 'Dinas Pariwisata' },
  { code: 'dpmd', name: 'Dinas Pemberdayaan Masyarakat dan Desa' },
  { code: 'disnaker', name: 'Dinas Tenaga Kerja' },
  { code: 'diskominfo', name: 'Dinas Komunikasi dan Informatika' },
  { code: 'satpolpp', name: 'Satuan Polisi Pamong Praja' },
  // No topic routes here by default; the coordinator disposes development-planning
  // reports (category "pembangunan daerah") to it by hand.
  { code: 'bappeda', name: 'Badan Perencanaan Pembangunan Daerah' },
];
