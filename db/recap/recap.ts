import { sql } from 'kysely';
import type { Db } from '../database.js';

/** What to count: reports submitted between two Jakarta dates, optionally in one region. */
export interface RecapQuery {
  /** First Jakarta date, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** Last Jakarta date, `YYYY-MM-DD`, inclusive. */
  to: string;
  /** A region code at any level (`21`, `21.71`, `21.71.07`…): the report's place lies in it. */
  region?: string | undefined;
}

/** The figures regional dashboards publish, for a whole area or one OPD. */
export interface RecapFigures {
  total: number;
  byKind: { pengaduan: number; aspirasi: number; permintaan_informasi: number };
  byStatus: {
    /** resolved + closed */
    selesai: number;
    /** disposed + in_progress + answered */
    dalamProses: number;
    /** submitted + postponed */
    belumDitindaklanjuti: number;
    /** listed apart: not eligible */
    declined: number;
    /** listed apart: passed on as another body's authority */
    notAuthority: number;
  };
  /** selesai / (total − declined − not_authority); null when that is 0. */
  shareResolved: number | null;
  /** Median hours from submission to verification (verified_at, else disposed_at). */
  medianHoursToVerification: number | null;
  /** Median hours from submission to the OPD's answer (answered_at). */
  medianHoursToAnswer: number | null;
}

/** One OPD's figures; `opdCode` null gathers reports not yet given to any OPD. */
export interface OpdRecap extends RecapFigures {
  opdCode: string | null;
  opdName: string | null;
}

/** The whole recap: the area's figures and each OPD's, most reports first. */
export interface Recap extends RecapFigures {
  query: RecapQuery;
  perOpd: OpdRecap[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Raised for a malformed query (a bad date, `from` after `to`). */
export class RecapQueryError extends Error {
  override readonly name = 'RecapQueryError';
  readonly code = 'RECAP_QUERY_INVALID';
}

interface Row {
  opd_code: string | null;
  opd_name: string | null;
  whole: boolean;
  total: string;
  pengaduan: string;
  aspirasi: string;
  permintaan_informasi: string;
  selesai: string;
  dalam_proses: string;
  belum: string;
  declined: string;
  not_authority: string;
  median_verify_s: number | null;
  median_answer_s: number | null;
}

const hours = (seconds: number | null): number | null =>
  seconds === null ? null : Math.round((Number(seconds) / 3600) * 10) / 10;

function figures(row: Row): RecapFigures {
  const n = (v: string) => Number(v);
  const considered = n(row.total) - n(row.declined) - n(row.not_authority);
  return {
    total: n(row.total),
    byKind: { pengaduan: n(row.pengaduan), aspirasi: n(row.aspirasi), permintaan_informasi: n(row.permintaan_informasi) },
    byStatus: {
      selesai: n(row.selesai),
      dalamProses: n(row.dalam_proses),
      belumDitindaklanjuti: n(row.belum),
      declined: n(row.declined),
      notAuthority: n(row.not_authority),
    },
    shareResolved: considered > 0 ? n(row.selesai) / considered : null,
    medianHoursToVerification: hours(row.median_verify_s),
    medianHoursToAnswer: hours(row.median_answer_s),
  };
}

/**
 * Counts the recap figures in one statement: `grouping sets` gives the whole area and
 * every OPD from a single pass over the period's reports. Dates are Jakarta calendar
 * days, as dashboards count them. Declined and not-authority reports count in the
 * total but not in the share resolved: they were never anyone's to resolve here.
 */
export async function computeRecap(db: Db, query: RecapQuery): Promise<Recap> {
  if (!DATE.test(query.from) || !DATE.test(query.to) || query.from > query.to) {
    throw new RecapQueryError(`expected --from and --to as YYYY-MM-DD with from <= to, got ${query.from} .. ${query.to}`);
  }
  const start = new Date(`${query.from}T00:00:00+07:00`);
  const end = new Date(new Date(`${query.to}T00:00:00+07:00`).getTime() + 86_400_000);
  const region = query.region ?? null;
  const { rows } = await sql<Row>`
    select r.opd_code, max(o.name) as opd_name, grouping(r.opd_code) = 1 as whole,
           count(*) as total,
           count(*) filter (where r.kind = 'pengaduan') as pengaduan,
           count(*) filter (where r.kind = 'aspirasi') as aspirasi,
           count(*) filter (where r.kind = 'permintaan_informasi') as permintaan_informasi,
           count(*) filter (where r.status in ('resolved','closed')) as selesai,
           count(*) filter (where r.status in ('disposed','in_progress','answered')) as dalam_proses,
           count(*) filter (where r.status in ('submitted','postponed')) as belum,
           count(*) filter (where r.status = 'declined') as declined,
           count(*) filter (where r.status = 'not_authority') as not_authority,
           percentile_cont(0.5) within group (
             order by extract(epoch from coalesce(r.verified_at, r.disposed_at) - r.submitted_at)) as median_verify_s,
           percentile_cont(0.5) within group (
             order by extract(epoch from r.answered_at - r.submitted_at)) as median_answer_s
      from reports r left join opd o on o.code = r.opd_code
     where r.submitted_at >= ${start} and r.submitted_at < ${end}
       and (${region}::text is null or r.province_code = ${region} or r.regency_code = ${region}
            or r.district_code = ${region} or r.village_code = ${region})
     group by grouping sets ((), (r.opd_code))`.execute(db);

  const whole = rows.find((r) => r.whole);
  const empty: Row = {
    opd_code: null, opd_name: null, whole: true, total: '0', pengaduan: '0', aspirasi: '0', permintaan_informasi: '0',
    selesai: '0', dalam_proses: '0', belum: '0', declined: '0', not_authority: '0', median_verify_s: null, median_answer_s: null,
  };
  const perOpd = rows
    .filter((r) => !r.whole)
    .map((r) => ({ opdCode: r.opd_code, opdName: r.opd_name, ...figures(r) }))
    .sort((a, b) => b.total - a.total || (a.opdCode ?? '').localeCompare(b.opdCode ?? ''));
  return { query, ...figures(whole ?? empty), perOpd };
}
