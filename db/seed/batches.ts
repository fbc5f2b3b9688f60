/**
 * Splits rows into batches for multi-row INSERTs. PostgreSQL allows at most 65,535
 * bind parameters per statement, so batches are sized by parameter count rather than
 * row count. @defaultValue 20,000 parameters per batch
 */
export function* batches<T extends object>(rows: readonly T[], maxParams = 20_000): Generator<T[]> {
  if (rows.length === 0) return;
  const perRow = Math.max(1, Object.keys(rows[0]!).length);
  const size = Math.max(1, Math.floor(maxParams / perRow));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
