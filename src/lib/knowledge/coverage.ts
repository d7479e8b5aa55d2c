/**
 * Coverage of the catalog's knowledge, so that gaps are visible: per source, vendor and log platform, rules with
 * full / partial / no extracted logic (by reason), the share of condition leaves whose field maps to a canonical
 * field, and the fields that do not. Keyword leaves (free-text search, field "*") have no field and are left out
 * of the leaf counts.
 */
import type { Rule } from '../model.ts';
import { allConjuncts, leavesWithPaths } from '../logic/tree.ts';
import { canonicalTable, normalizeFieldName, type CanonicalTable } from './canonical-table.ts';

export interface ReasonCount {
  status: 'partial' | 'none';
  reason: string;
  rules: number;
}

export interface UnmappedField {
  field: string;
  /** Log platform the field was seen on ("" when the rule has none). */
  platform: string;
  leaves: number;
}

export interface CoverageRow {
  rules: number;
  logic: { full: number; partial: number; none: number };
  /** Most frequent reasons for partial or no extraction, grouped on the phrase before the first colon. */
  reasons: ReasonCount[];
  /** Condition leaves with a field (keyword leaves excluded). */
  leaves: number;
  /** Of those, leaves whose field maps to a canonical field. */
  mapped: number;
  topUnmapped: UnmappedField[];
}

export interface Coverage {
  sources: Record<string, CoverageRow>;
  vendors: Record<string, CoverageRow>;
  platforms: Record<string, CoverageRow>;
  /** Vendor → platform → figures: which vendor's fields the table still misses on which platform. */
  vendorPlatforms: Record<string, Record<string, CoverageRow>>;
  /** Source → platform → figures. */
  sourcePlatforms: Record<string, Record<string, CoverageRow>>;
}

export const NO_PLATFORM = '(no log platform)';

interface Acc {
  rules: number;
  logic: CoverageRow['logic'];
  reasons: Map<string, number>;
  leaves: number;
  mapped: number;
  unmapped: Map<string, number>;
}

const newAcc = (): Acc => ({ rules: 0, logic: { full: 0, partial: 0, none: 0 }, reasons: new Map(), leaves: 0, mapped: 0, unmapped: new Map() });

function reasonKey(reason: string): string {
  return reason.split(':')[0].trim();
}

function top<T>(map: Map<string, number>, n: number, make: (key: string, count: number) => T): T[] {
  return [...map]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([k, c]) => make(k, c));
}

function finish(acc: Acc, topN: number): CoverageRow {
  return {
    rules: acc.rules,
    logic: acc.logic,
    reasons: top(acc.reasons, topN, (k, rules) => {
      const [status, reason] = k.split('\u0000');
      return { status: status as ReasonCount['status'], reason, rules };
    }),
    leaves: acc.leaves,
    mapped: acc.mapped,
    topUnmapped: top(acc.unmapped, topN, (k, leaves) => {
      const [platform, field] = k.split('\u0000');
      return { field, platform, leaves };
    }),
  };
}

function get(map: Map<string, Acc>, key: string): Acc {
  let acc = map.get(key);
  if (!acc) map.set(key, (acc = newAcc()));
  return acc;
}

export function computeCoverage(rules: Rule[], table: CanonicalTable = canonicalTable(), topN = 10): Coverage {
  const sources = new Map<string, Acc>();
  const vendors = new Map<string, Acc>();
  const platforms = new Map<string, Acc>();
  const pairs = new Map<string, Acc>();
  const sourcePairs = new Map<string, Acc>();
  for (const rule of rules) {
    const platform = rule.logPlatform ?? NO_PLATFORM;
    const accs = [get(sources, rule.source), get(vendors, rule.vendor), get(platforms, platform), get(pairs, `${rule.vendor}\u0000${platform}`), get(sourcePairs, `${rule.source}\u0000${platform}`)];
    const status = rule.logic?.status ?? 'none';
    const reasons = status === 'full' ? [] : [...new Set((rule.logic?.reasons.length ? rule.logic.reasons : ['not extracted']).map(reasonKey))];
    for (const acc of accs) {
      acc.rules++;
      acc.logic[status]++;
      for (const r of reasons) acc.reasons.set(`${status}\u0000${r}`, (acc.reasons.get(`${status}\u0000${r}`) ?? 0) + 1);
    }
    // Leaves under a scope (any element of a list) read the list's path then their element-relative field.
    for (const { leaf, path } of (rule.logic ? allConjuncts(rule.logic) : []).flatMap((c) => leavesWithPaths(c))) {
      if (leaf.kind === 'keyword' || path === '*') continue;
      const mapped = !!table.resolve(rule.vendor, rule.logPlatform, path);
      const key = `${rule.logPlatform ?? ''}\u0000${normalizeFieldName(path)}`;
      for (const acc of accs) {
        acc.leaves++;
        if (mapped) acc.mapped++;
        else acc.unmapped.set(key, (acc.unmapped.get(key) ?? 0) + 1);
      }
    }
  }
  const rows = (map: Map<string, Acc>) => Object.fromEntries([...map].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, acc]) => [k, finish(acc, topN)]));
  const nested = (map: Map<string, Acc>) => {
    const out: Record<string, Record<string, CoverageRow>> = {};
    for (const [key, acc] of [...map].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const [outer, platform] = key.split('\u0000');
      (out[outer] ??= {})[platform] = finish(acc, topN);
    }
    return out;
  };
  return { sources: rows(sources), vendors: rows(vendors), platforms: rows(platforms), vendorPlatforms: nested(pairs), sourcePlatforms: nested(sourcePairs) };
}

/** Share of mapped leaves as a percentage text ("83.4%", "-" without leaves). */
export function mappedShare(row: Pick<CoverageRow, 'leaves' | 'mapped'>): string {
  return row.leaves ? `${((100 * row.mapped) / row.leaves).toFixed(1)}%` : '-';
}
