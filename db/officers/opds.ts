import type { Db } from '../database.js';
import type { Opd } from '../tables/opd.table.js';

/** Filters of {@link listOpds}; unset means all. */
export interface ListOpdsFilter {
  /** A region code: units whose jurisdiction is that region or inside it (`21` finds `21.71`). */
  regionCode?: string | undefined;
  /** An OPD kind code, e.g. `pupr`, `admin`. */
  kind?: string | undefined;
  /** Include inactive units. @defaultValue false */
  includeInactive?: boolean | undefined;
  /** Only coordinating units. @defaultValue false */
  coordinatorsOnly?: boolean | undefined;
}

/** OPDs matching the filter, by code. */
export async function listOpds(db: Db, filter: ListOpdsFilter = {}): Promise<Opd[]> {
  let query = db.selectFrom('opd').selectAll().orderBy('code');
  if (filter.regionCode) {
    const region = filter.regionCode;
    query = query.where((eb) => eb.or([eb('region_code', '=', region), eb('region_code', 'like', `${escapeLike(region)}.%`)]));
  }
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (!filter.includeInactive) query = query.where('active', '=', true);
  if (filter.coordinatorsOnly) query = query.where('is_coordinator', '=', true);
  return query.execute();
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
