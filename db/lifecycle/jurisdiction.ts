/**
 * True when `code` is the region `region` or lies inside it: `21.71` is inside `21`,
 * `21.710` is not (the dot is the boundary, not the string prefix).
 */
export function withinRegion(region: string, code: string | null | undefined): boolean {
  return code != null && (code === region || code.startsWith(`${region}.`));
}

/** The region codes of a report, any of which places it in a jurisdiction. */
export interface ReportRegions {
  province_code: string;
  regency_code: string;
  district_code: string;
  village_code: string | null;
}

/**
 * Whether a report lies in the jurisdiction of a coordinating unit whose region is
 * `region` (a province admin sees the whole province; a city admin only their city).
 */
export function inJurisdiction(region: string, report: ReportRegions): boolean {
  return [report.province_code, report.regency_code, report.district_code, report.village_code].some((c) => withinRegion(region, c));
}
