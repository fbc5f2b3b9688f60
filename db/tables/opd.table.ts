import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Kinds of unit (Dinas Kesehatan, Dinas PUPR, … and `admin` for the coordinator). */
export interface OpdKindsTable {
  code: string;
  name: string;
}

/** A unit that receives reports (Organisasi Perangkat Daerah). */
export interface OpdTable {
  /** Stable, typable code, e.g. `21.71-pupr`. */
  code: string;
  name: string;
  kind: string;
  /** Jurisdiction: the region the unit serves. */
  region_code: string;
  /** The coordinating admin of its region: verifies and disposes reports. */
  is_coordinator: Generated<boolean>;
  active: Generated<boolean>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}
export type Opd = Selectable<OpdTable>;
export type NewOpd = Insertable<OpdTable>;

/** (category, region prefix) -> OPD; the longest matching prefix wins. */
export interface RoutingRulesTable {
  id: Generated<string>;
  category: string;
  region_prefix: string;
  opd_code: string;
}
export type RoutingRule = Selectable<RoutingRulesTable>;
export type NewRoutingRule = Insertable<RoutingRulesTable>;
