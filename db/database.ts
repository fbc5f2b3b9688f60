import type { Kysely, Transaction } from 'kysely';
import type { CategoriesTable, ReportKindsTable } from './tables/catalog.table.js';
import type { OutboundMessagesTable } from './tables/outbound.table.js';
import type { AdminEventsTable, OfficerInvitesTable, OfficersTable } from './tables/officers.table.js';
import type { OpdKindsTable, OpdTable, RoutingRulesTable } from './tables/opd.table.js';
import type { RegionsTable } from './tables/regions.table.js';
import type {
  AttachmentsTable,
  ReportEventsTable,
  ReportersTable,
  ReportsTable,
} from './tables/reports.table.js';

/** Every table of the routing store, as Kysely sees it. */
export interface Database {
  regions: RegionsTable;
  report_kinds: ReportKindsTable;
  categories: CategoriesTable;
  opd_kinds: OpdKindsTable;
  opd: OpdTable;
  routing_rules: RoutingRulesTable;
  reporters: ReportersTable;
  reports: ReportsTable;
  attachments: AttachmentsTable;
  report_events: ReportEventsTable;
  outbound_messages: OutboundMessagesTable;
  officers: OfficersTable;
  officer_invites: OfficerInvitesTable;
  admin_events: AdminEventsTable;
}

/** The database handle, or a transaction: repository functions accept either. */
export type Db = Kysely<Database> | Transaction<Database>;
