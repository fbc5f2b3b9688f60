import type { ColumnType, Insertable, Selectable } from 'kysely';

/** pengaduan, aspirasi, permintaan_informasi. */
export interface ReportKindsTable {
  code: string;
  name_id: string;
  name_en: string;
}
export type ReportKind = Selectable<ReportKindsTable>;

/** A LAPOR! topic (a table, not an enum: deployments add their own). */
export interface CategoriesTable {
  /** e.g. `infrastruktur`, `administrasi kependudukan` — the name citizens see is the code. */
  code: string;
  name_id: string;
  name_en: string;
  /** The OPD kind that handles the topic by default; null routes to the coordinating admin. */
  default_opd_kind: string | null;
  /** Words that suggest this topic when found in a report's text. */
  keywords: ColumnType<string[], string[] | undefined, string[]>;
}
export type Category = Selectable<CategoriesTable>;
export type NewCategory = Insertable<CategoriesTable>;
