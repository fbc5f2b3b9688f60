import type { Db } from '../database.js';
import type { NewOpd, NewRoutingRule } from '../tables/opd.table.js';
import { batches } from './batches.js';
import { CATEGORIES } from './categories.js';
import { COORDINATOR_KIND, OPD_KINDS } from './opd-kinds.js';

/** A region an OPD set is generated for: its code and (title-cased) name. */
export interface RegionRef {
  code: string;
  name: string;
}

/** What {@link buildDefaultOpds} produces. */
export interface DefaultOpdSet {
  opds: NewOpd[];
  rules: NewRoutingRule[];
}

/**
 * The default OPD set, so a report from any village routes somewhere sensible out of
 * the box: for every regency one unit per kind (`21.71-dinkes` "Dinas Kesehatan Kota
 * Batam"), the `admin` one being its coordinator; one coordinating admin per province
 * (`21-admin`); and a rule (category, regency) -> that regency's unit of the category's
 * default kind. Categories without a default kind get no rule, so they fall back to
 * the regency's coordinator.
 */
export function buildDefaultOpds(provinces: RegionRef[], regencies: RegionRef[]): DefaultOpdSet {
  const opds: NewOpd[] = [];
  const rules: NewRoutingRule[] = [];
  for (const province of provinces) {
    opds.push(unit(province, COORDINATOR_KIND, `Provinsi ${province.name}`));
  }
  for (const regency of regencies) {
    for (const kind of OPD_KINDS) opds.push(unit(regency, kind.code, regency.name));
    for (const category of CATEGORIES) {
      if (!category.default_opd_kind) continue;
      rules.push({
        category: category.code,
        region_prefix: regency.code,
        opd_code: opdCode(regency.code, category.default_opd_kind),
      });
    }
  }
  return { opds, rules };
}

function unit(region: RegionRef, kind: string, regionName: string): NewOpd {
  const kindName = OPD_KINDS.find((k) => k.code === kind)!.name;
  return {
    code: opdCode(region.code, kind),
    name: `${kindName} ${regionName}`,
    kind,
    region_code: region.code,
    is_coordinator: kind === COORDINATOR_KIND,
  };
}

/** `21.71` + `pupr` -> `21.71-pupr`: the code scheme of the default OPD set. */
export function opdCode(regionCode: string, kind: string): string {
  return `${regionCode}-${kind}`;
}

/**
 * Writes the default OPD set, but only into a store that has no OPD at all: once a
 * deployment has imported its own list (or the defaults are in), restarts leave the
 * OPDs and routing rules alone. Needs the regions and catalog seeded first.
 * Returns whether anything was written.
 */
export async function seedDefaultOpds(db: Db, log?: (line: string) => void): Promise<boolean> {
  const any = await db.selectFrom('opd').select('code').limit(1).executeTakeFirst();
  if (any) return false;
  const regions = await db.selectFrom('regions').select(['code', 'name', 'level']).where('level', '<=', 2).execute();
  const { opds, rules } = buildDefaultOpds(
    regions.filter((r) => r.level === 1),
    regions.filter((r) => r.level === 2),
  );
  for (const batch of batches(opds)) await db.insertInto('opd').values(batch).execute();
  for (const batch of batches(rules)) await db.insertInto('routing_rules').values(batch).execute();
  log?.(`default OPDs: ${opds.length} units and ${rules.length} routing rules for ${regions.length} regions`);
  return true;
}
