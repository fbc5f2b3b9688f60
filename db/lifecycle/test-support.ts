import type { Db } from '../database.js';

/**
 * The report row and its number of events, to prove a refused action changed nothing.
 */
export async function snapshot(db: Db, ticket: string): Promise<{ row: unknown; events: number }> {
  const row = await db.selectFrom('reports').selectAll().where('ticket', '=', ticket).executeTakeFirstOrThrow();
  const { n } = await db
    .selectFrom('report_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('report_id', '=', row.id)
    .executeTakeFirstOrThrow();
  return { row, events: Number(n) };
}

/** Event types of a report, oldest first. */
export async function eventTypes(db: Db, ticket: string): Promise<string[]> {
  const rows = await db
    .selectFrom('report_events as e')
    .innerJoin('reports as r', 'r.id', 'e.report_id')
    .select('e.type')
    .where('r.ticket', '=', ticket)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => r.type);
}
