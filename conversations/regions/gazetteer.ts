import { PROVINCE_ALIASES, displayName, regionKey, type RegencyType } from './normalize.js';

/**
 * The in-memory Kemendagri region index the engine matches addresses against.
 * Built once at start-up ({@link buildGazetteer}); every lookup afterwards reads
 * prebuilt maps or scans one parent's children only (a district has at most ~110
 * villages), never the 83,000 villages.
 */

/** Administrative level: 1 province, 2 regency/city, 3 district, 4 village. */
export type RegionLevel = 1 | 2 | 3 | 4;

/** One region with its matching keys precomputed. */
export interface Region {
  /** Kemendagri code, e.g. `21.71.07.1004`. */
  code: string;
  /** Display name: `Kepulauan Riau`, `Kota Batam`, `Sei Beduk`, `Tanjung Piayu`. */
  name: string;
  level: RegionLevel;
  /** Normalized name (see {@link regionKey}); alternatives for provinces' aliases. */
  keys: readonly string[];
  /** The same keys without spaces, for typo-tolerant comparison. */
  compacts: readonly string[];
  /** Kota or kabupaten, for regencies only. */
  type: RegencyType | null;
}

/** Rows as they come from the CSV files: `[code, name]` for provinces, `[code, parentCode, name]` below. */
export interface GazetteerRows {
  provinces: ReadonlyArray<readonly [string, string]>;
  regencies: ReadonlyArray<readonly [string, string, string]>;
  districts: ReadonlyArray<readonly [string, string, string]>;
  villages: ReadonlyArray<readonly [string, string, string]>;
}

/** The region index handed to {@link createEngine} through its data. */
export interface Gazetteer {
  /** A region by code, or undefined. */
  get(code: string): Region | undefined;
  /** Children of a code (`null`: the provinces), in code order. */
  children(parentCode: string | null): readonly Region[];
  /** Regencies anywhere in the country with this normalized key (`batam`, `lingga`). */
  regenciesNamed(key: string): readonly Region[];
  /** Districts anywhere in the country with this normalized key. */
  districtsNamed(key: string): readonly Region[];
}

/** The parent code of a region code (`21.71.07` -> `21.71`), null for a province. */
export function parentCode(code: string): string | null {
  const cut = code.lastIndexOf('.');
  return cut < 0 ? null : code.slice(0, cut);
}

function region(code: string, name: string, level: RegionLevel, extraKeys: readonly string[] = []): Region {
  const main = regionKey(name);
  const keys = [main.key, ...extraKeys.map((k) => regionKey(k).key)];
  return {
    code,
    // Kemendagri writes a few apostrophes as double quotes (`Soka"an`).
    name: (level <= 2 ? displayName(name) : name).replace(/"/g, "'"),
    level,
    keys,
    compacts: keys.map((k) => k.replace(/ /g, '')),
    type: level === 2 ? main.type : null,
  };
}

/** How many districts' villages stay materialized at once (each ~10–110 regions). */
const VILLAGE_CACHE_DISTRICTS = 512;

/**
 * Builds the index from CSV rows. Pure; {@link loadGazetteer} feeds it the files.
 *
 * Provinces, regencies and districts (~7,800) are indexed as objects up front. The
 * ~83,800 villages are kept packed, one string per district, and turned into
 * {@link Region} objects only when a district is asked for (the last
 * {@link VILLAGE_CACHE_DISTRICTS} stay cached): half a million small objects that
 * every full garbage collection would have to trace stall the bot for as long.
 */
export function buildGazetteer(rows: GazetteerRows): Gazetteer {
  const byCode = new Map<string, Region>();
  const childrenOf = new Map<string | null, Region[]>();
  const regencyByKey = new Map<string, Region[]>();
  const districtByKey = new Map<string, Region[]>();

  const add = (r: Region, parent: string | null) => {
    byCode.set(r.code, r);
    let list = childrenOf.get(parent);
    if (!list) childrenOf.set(parent, (list = []));
    list.push(r);
  };
  const index = (map: Map<string, Region[]>, r: Region) => {
    for (const key of r.keys) {
      const list = map.get(key);
      if (list) list.push(r);
      else map.set(key, [r]);
    }
  };

  for (const [code, name] of rows.provinces) add(region(code, name, 1, PROVINCE_ALIASES[code] ?? []), null);
  for (const [code, parent, name] of rows.regencies) {
    const r = region(code, name, 2);
    add(r, parent);
    index(regencyByKey, r);
  }
  for (const [code, parent, name] of rows.districts) {
    const r = region(code, name, 3);
    add(r, parent);
    index(districtByKey, r);
  }
  for (const list of childrenOf.values()) list.sort((a, b) => (a.code < b.code ? -1 : 1));

  const villageLines = new Map<string, string[]>();
  for (const [code, parent, name] of rows.villages) {
    let lines = villageLines.get(parent);
    if (!lines) villageLines.set(parent, (lines = []));
    lines.push(`${code}\t${name}`);
  }
  // One flat string per district (sorted by code), not slices of the CSV text.
  const packedVillages = new Map<string, string>();
  for (const [district, lines] of villageLines) packedVillages.set(district, lines.sort().join('\n'));

  const villageCache = new Map<string, Region[]>();
  const villagesOf = (district: string): Region[] | undefined => {
    const cached = villageCache.get(district);
    if (cached) {
      // Refresh its place: the Map's insertion order is the eviction order.
      villageCache.delete(district);
      villageCache.set(district, cached);
      return cached;
    }
    const packed = packedVillages.get(district);
    if (packed === undefined) return undefined;
    const villages = packed.split('\n').map((line) => {
      const tab = line.indexOf('\t');
      return region(line.slice(0, tab), line.slice(tab + 1), 4);
    });
    villageCache.set(district, villages);
    if (villageCache.size > VILLAGE_CACHE_DISTRICTS) villageCache.delete(villageCache.keys().next().value!);
    return villages;
  };

  return {
    get: (code) => {
      const found = byCode.get(code);
      if (found || code.split('.').length !== 4) return found;
      return villagesOf(parentCode(code)!)?.find((v) => v.code === code);
    },
    children: (parent) => (parent !== null && villagesOf(parent)) || childrenOf.get(parent) || [],
    regenciesNamed: (key) => regencyByKey.get(key) ?? [],
    districtsNamed: (key) => districtByKey.get(key) ?? [],
  };
}
