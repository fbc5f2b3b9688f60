import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';

/**
 * Routing of a new report, in SQL so the intake can route a whole batch inside the
 * statement that inserts it (no round trip per report, and no cache that could
 * disagree with a rule an administrator changed a second ago).
 *
 * A rule (category, region prefix) -> OPD matches when its category is the report's
 * and its region prefix is exactly the report's village, district, regency or
 * province code; the longest (most specific) matching prefix wins, and only rules
 * pointing at an active OPD count. With no rule, the report goes to the regency's
 * coordinating admin, else the province's. The coordinator is recorded either way:
 * it verifies every report of its jurisdiction first.
 */

/** The four region codes of a report, province first. */
export interface RoutingTarget {
  category: string;
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  villageCode: string | null;
}

/** Where a report goes. */
export interface Routing {
  /** The OPD that should handle it: the winning rule's, else the coordinator; null when neither exists. */
  opdCode: string | null;
  /** The coordinating admin that verifies it (regency, else province); null when none exists. */
  coordinatorOpdCode: string | null;
  /** The region prefix of the rule that matched; null when the coordinator fallback applied. */
  rulePrefix: string | null;
}

/**
 * Two `left join lateral` clauses over a row source aliased `alias` with columns
 * `category`, `province_code`, `regency_code`, `district_code`, `village_code`.
 * They add `rule_opd_code`, `rule_prefix` (from alias `rule`) and `coordinator_code`
 * (from alias `coord`). The equality lookups use the (category, region_prefix)
 * unique index, so the cost is four index probes per report.
 */
export function routingJoins(alias: string): RawBuilder<unknown> {
  const i = sql.ref(alias);
  return sql`
    left join lateral (
      select rr.opd_code as rule_opd_code, rr.region_prefix as rule_prefix
      from routing_rules rr
      join opd ro on ro.code = rr.opd_code and ro.active
      where rr.category = ${i}.category
        and rr.region_prefix in (${i}.village_code, ${i}.district_code, ${i}.regency_code, ${i}.province_code)
      order by length(rr.region_prefix) desc
      limit 1
    ) rule on true
    left join lateral (
      select co.code as coordinator_code
      from opd co
      where co.is_coordinator and co.active
        and co.region_code in (${i}.regency_code, ${i}.province_code)
      order by length(co.region_code) desc
      limit 1
    ) coord on true`;
}

/**
 * Routes one report without writing anything: what the intake would decide now.
 * Useful for officers' tools and for checking a deployment's rules.
 */
export async function routeReport(db: Db, target: RoutingTarget): Promise<Routing> {
  const { rows } = await sql<{ rule_opd_code: string | null; rule_prefix: string | null; coordinator_code: string | null }>`
    select rule.rule_opd_code, rule.rule_prefix, coord.coordinator_code
    from (select ${target.category}::text as category, ${target.provinceCode}::text as province_code,
                 ${target.regencyCode}::text as regency_code, ${target.districtCode}::text as district_code,
                 ${target.villageCode}::text as village_code) t
    ${routingJoins('t')}`.execute(db);
  const row = rows[0]!;
  return {
    opdCode: row.rule_opd_code ?? row.coordinator_code,
    coordinatorOpdCode: row.coordinator_code,
    rulePrefix: row.rule_prefix,
  };
}
