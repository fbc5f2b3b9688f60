import type { Insertable, Selectable } from 'kysely';

/** One Kemendagri region: province (level 1) down to village (level 4). */
export interface RegionsTable {
  /** Dotted code: `21`, `21.71`, `21.71.07`, `21.71.07.1004`. */
  code: string;
  parent_code: string | null;
  level: 1 | 2 | 3 | 4;
  name: string;
}
export type Region = Selectable<RegionsTable>;
export type NewRegion = Insertable<RegionsTable>;
