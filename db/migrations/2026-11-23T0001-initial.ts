import { sql, type Kysely } from 'kysely';

/**
 * The routing store: the Kemendagri region list, LAPOR! categories and report kinds,
 * the OPDs that receive reports and the rules that pick one, reporters, reports,
 * their attachments and an append-only audit trail.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('parent_code', 'text', (c) => c.references('regions.code'))
    // 1 province, 2 regency/city, 3 district, 4 village
    .addColumn('level', 'smallint', (c) => c.notNull().check(sql`level between 1 and 4`))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('regions_parent_idx').on('regions').column('parent_code').execute();

  await db.schema
    .createTable('report_kinds')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_id', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('opd_kinds')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_id', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    // the OPD kind that handles this topic by default; null: the coordinating admin
    .addColumn('default_opd_kind', 'text', (c) => c.references('opd_kinds.code'))
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();

  await db.schema
    .createTable('opd')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().references('opd_kinds.code'))
    // jurisdiction: a province or regency code (any region level is accepted)
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    // the coordinating-admin unit of its region (verifies and disposes reports)
    .addColumn('is_coordinator', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('opd_region_idx').on('opd').columns(['region_code', 'kind']).execute();
  await sql`create unique index opd_one_coordinator_per_region on opd (region_code) where is_coordinator`.execute(db);

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('category', 'text', (c) => c.notNull().references('categories.code'))
    // a region code at any level: 21, 21.71, 21.71.07 or 21.71.07.1004
    .addColumn('region_prefix', 'text', (c) => c.notNull())
    .addColumn('opd_code', 'text', (c) => c.notNull().references('opd.code').onDelete('cascade'))
    .addUniqueConstraint('routing_rules_category_region_key', ['category', 'region_prefix'])
    .execute();

  await db.schema
    .createTable('reporters')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('nik', 'text', (c) => c.notNull().unique().check(sql`nik ~ '^[0-9]{16}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().check(sql`phone ~ '^\\+[0-9]{8,15}$'`))
    .addColumn('address', 'text')
    .addColumn('province_code', 'text')
    .addColumn('regency_code', 'text')
    .addColumn('district_code', 'text')
    .addColumn('village_code', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('ticket', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().references('report_kinds.code'))
    .addColumn('category', 'text', (c) => c.notNull().references('categories.code'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('incident_date', 'date')
    .addColumn('place', 'text')
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('regency_code', 'text', (c) => c.notNull())
    .addColumn('district_code', 'text', (c) => c.notNull())
    .addColumn('village_code', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('anonim', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('rahasia', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('id'))
    .addColumn('source_channel', 'text', (c) => c.notNull())
    .addColumn('chat_ref', 'text', (c) => c.notNull())
    .addColumn('reporter_id', 'bigint', (c) => c.notNull().references('reporters.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('submitted')
        .check(
          sql`status in ('submitted','postponed','disposed','in_progress','answered','resolved','closed','declined','not_authority')`,
        ),
    )
    .addColumn('opd_code', 'text', (c) => c.references('opd.code'))
    .addColumn('coordinator_opd_code', 'text', (c) => c.references('opd.code'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('verification_due_at', 'timestamptz')
    .addColumn('followup_due_at', 'timestamptz')
    .addColumn('close_due_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('reports_opd_status_idx').on('reports').columns(['opd_code', 'status']).execute();
  await db.schema.createIndex('reports_regency_status_idx').on('reports').columns(['regency_code', 'status']).execute();
  await db.schema.createIndex('reports_reporter_idx').on('reports').column('reporter_id').execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('photo','document','video','audio','location')`))
    .addColumn('channel_file_ref', 'text')
    .addColumn('storage_path', 'text')
    .addColumn('mime_type', 'text')
    .addColumn('size_bytes', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('attachments_report_idx').on('attachments').column('report_id').execute();

  await db.schema
    .createTable('report_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    // citizen, officer, admin, system
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_ref', 'text')
    .addColumn('channel', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('report_events_report_idx').on('report_events').columns(['report_id', 'id']).execute();

  // The audit trail is append-only: history that can be rewritten proves nothing.
  await sql`
    create function report_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'report_events is append-only (% refused)', tg_op;
    end $$`.execute(db);
  await sql`
    create trigger report_events_no_rewrite before update or delete on report_events
    for each row execute function report_events_append_only()`.execute(db);
}

/** Drops everything `up` created, newest first. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'report_events',
    'attachments',
    'reports',
    'reporters',
    'routing_rules',
    'opd',
    'categories',
    'opd_kinds',
    'report_kinds',
    'regions',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists report_events_append_only()`.execute(db);
}
