import { parse, type Info } from 'csv-parse/sync';
import { z } from 'zod';

/** Columns of the OPD CSV; see db/seed/opd-import.ts for their meaning. */
export const OPD_CSV_COLUMNS = ['code', 'name', 'kind', 'region_code', 'is_coordinator', 'categories'] as const;
type Column = (typeof OPD_CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['code', 'name', 'kind', 'region_code'];

/** One problem in the file, at the line an editor shows for it (the header is line 1). */
export interface OpdCsvError {
  line: number;
  message: string;
}

/** A row that passed the shape checks; its references are checked by {@link checkOpdRows}. */
export interface OpdCsvRow {
  line: number;
  code: string;
  name: string;
  kind: string;
  region_code: string;
  is_coordinator: boolean;
  /** Category codes as written, lower-cased; empty when the unit only receives disposals. */
  categories: string[];
}

const TRUE = ['true', 'ya', 'yes', 'y', '1'];
const FALSE = ['false', 'tidak', 'no', 'n', '0', ''];

const rowSchema = z.object({
  code: z
    .string()
    .min(1, 'is empty')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'is not a valid code (use letters, digits, ".", "-" or "_")'),
  name: z.string().min(1, 'is empty'),
  kind: z.string().min(1, 'is empty').transform((v) => v.toLowerCase()),
  region_code: z
    .string()
    .min(1, 'is empty')
    .regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, 'is not a region code (expected e.g. 21, 21.71, 21.71.07)'),
  is_coordinator: z
    .string()
    .default('')
    .refine((v) => [...TRUE, ...FALSE].includes(v.toLowerCase()), 'is not a boolean (use true/false, ya/tidak or 1/0)')
    .transform((v) => TRUE.includes(v.toLowerCase())),
  categories: z
    .string()
    .default('')
    .transform((v) => [
      ...new Set(
        v
          .split(';')
          .map((c) => c.trim().replace(/\s+/g, ' ').toLowerCase())
          .filter((c) => c !== ''),
      ),
    ]),
});

/** What {@link parseOpdCsv} found: the rows that look right, and every problem. */
export interface ParsedOpdCsv {
  rows: OpdCsvRow[];
  errors: OpdCsvError[];
}

/**
 * Reads an OPD CSV and checks each row's shape: header, column count, non-empty
 * fields, code and region-code syntax, booleans. Every problem is collected rather
 * than stopping at the first, so an operator fixes the file in one pass. A BOM (Excel)
 * and spaces around fields are ignored; blank lines are skipped.
 */
export function parseOpdCsv(text: string): ParsedOpdCsv {
  let records: { record: string[]; info: Info }[];
  try {
    // csv-parse's types do not model `info: true`, which wraps each record with its line.
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: Info }[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { rows: [], errors: [{ line: e.lines ?? 1, message: `not readable as CSV: ${e.message}` }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, message: 'the file is empty (expected a header line)' }] };

  const columns = header.record.map((c) => c.toLowerCase());
  const errors = checkHeader(columns, header.info.lines);
  if (errors.length > 0) return { rows: [], errors };
  if (body.length === 0) return { rows: [], errors: [{ line: 2, message: 'no OPD rows after the header' }] };

  const rows: OpdCsvRow[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== columns.length) {
      errors.push({ line, message: `expected ${columns.length} columns (${columns.join(',')}), found ${record.length}` });
      continue;
    }
    const raw = Object.fromEntries(columns.map((c, i) => [c, record[i]]));
    const result = rowSchema.safeParse(raw);
    if (result.success) {
      rows.push({ line, ...result.data });
      continue;
    }
    const reported = new Set<string>();
    for (const issue of result.error.issues) {
      const column = String(issue.path[0]);
      // zod runs every check of a field; an empty code needs "is empty", not also "invalid".
      if (reported.has(column)) continue;
      reported.add(column);
      const value = raw[column] ?? '';
      const subject = value === '' ? column : `${column} ${JSON.stringify(value)}`;
      errors.push({ line, message: `${subject} ${issue.message}` });
    }
  }
  return { rows, errors };
}

function checkHeader(columns: string[], line: number): OpdCsvError[] {
  const errors: OpdCsvError[] = [];
  const known = new Set<string>(OPD_CSV_COLUMNS);
  const seen = new Set<string>();
  for (const column of columns) {
    // An unknown column is most often a typo ("categoris") that would silently drop data.
    if (!known.has(column)) errors.push({ line, message: `unknown column "${column}" (expected ${OPD_CSV_COLUMNS.join(',')})` });
    else if (seen.has(column)) errors.push({ line, message: `column "${column}" appears twice` });
    seen.add(column);
  }
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) errors.push({ line, message: `missing column "${column}"` });
  }
  return errors;
}

/** Codes that exist in the store, for {@link checkOpdRows}. */
export interface KnownCodes {
  kinds: ReadonlySet<string>;
  /** Only the codes the file mentions need to be present. */
  regions: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

/**
 * Checks what a row refers to and how rows relate: known kind, region and categories;
 * no code used twice; at most one coordinator per region; no (category, region) routed
 * to two units, since a rule must name exactly one OPD.
 */
export function checkOpdRows(rows: readonly OpdCsvRow[], known: KnownCodes): OpdCsvError[] {
  const errors: OpdCsvError[] = [];
  const codes = new Map<string, number>();
  const coordinators = new Map<string, OpdCsvRow>();
  const routes = new Map<string, OpdCsvRow>();
  for (const row of rows) {
    const { line } = row;
    const firstLine = codes.get(row.code);
    if (firstLine !== undefined) errors.push({ line, message: `code "${row.code}" is already used on line ${firstLine}` });
    else codes.set(row.code, line);

    if (!known.kinds.has(row.kind)) {
      errors.push({ line, message: `kind "${row.kind}" is not a known OPD kind (known: ${[...known.kinds].join(', ')})` });
    }
    if (!known.regions.has(row.region_code)) {
      errors.push({ line, message: `region_code "${row.region_code}" is not a known region` });
    }
    if (row.is_coordinator) {
      const other = coordinators.get(row.region_code);
      if (other) {
        errors.push({
          line,
          message: `region ${row.region_code} already has a coordinator ("${other.code}" on line ${other.line})`,
        });
      } else coordinators.set(row.region_code, row);
    }
    for (const category of row.categories) {
      if (!known.categories.has(category)) {
        errors.push({ line, message: `category "${category}" is not a known category` });
        continue;
      }
      const key = `${category}\u0000${row.region_code}`;
      const other = routes.get(key);
      if (other && other.code !== row.code) {
        errors.push({
          line,
          message: `category "${category}" in region ${row.region_code} is already routed to "${other.code}" on line ${other.line}`,
        });
      } else routes.set(key, row);
    }
  }
  return errors;
}
