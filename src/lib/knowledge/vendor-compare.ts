/**
 * Vendors side by side on ATT&CK: for a set of rules (one log platform's, or all rules for one tactic), which
 * techniques each vendor covers, which only one vendor covers, and which of the scope's techniques none covers.
 *
 * Techniques are counted at the matrix level, as /attack/ counts them: a rule stating a sub-technique or an ID
 * MITRE revoked counts for today's top-level technique (T1562.008 → T1685.002 → T1685); deprecated and unknown
 * IDs count for nothing. The scope of a log platform is the active techniques of its ATT&CK platforms
 * (attack-scope.ts); without one, "none covers" is not computed.
 */
import { compareTechniqueIds, resolveTechnique, techniqueById, type AttackTechnique } from '../attack/index.ts';
import type { VendorId } from '../definitions.ts';
import type { Rule } from '../model.ts';

/** Today's active top-level techniques a rule's stated IDs stand for, sorted. */
export function topTechniquesOf(attack: Rule['attack']): string[] {
  const out = new Set<string>();
  for (const stated of attack.techniques) {
    const current = resolveTechnique(stated).current;
    if (!current || current.revokedBy || current.deprecated) continue;
    const top = current.parent ? techniqueById(current.parent) : current;
    if (top && !top.revokedBy && !top.deprecated) out.add(top.id);
  }
  return [...out].sort(compareTechniqueIds);
}

export interface ComparisonRow {
  technique: AttackTechnique;
  /** Vendor → its rules (indices into the rules array) covering the technique. */
  vendors: Map<VendorId, number[]>;
  /** Distinct rules covering it. */
  rules: number;
}

export interface VendorColumn {
  vendor: VendorId;
  /** Rules of the vendor in scope. */
  rules: number;
  /** Rules of the vendor in scope that state at least one technique. */
  mapped: number;
  /** Techniques the vendor covers, and of those the ones no other vendor covers. */
  techniques: number;
  only: number;
}

export interface VendorComparison {
  vendors: VendorColumn[];
  /** Techniques some rule in scope covers, by technique ID. */
  rows: ComparisonRow[];
  /** Rows exactly one vendor covers. */
  onlyOne: ComparisonRow[];
  /** Techniques of the scope no rule covers; undefined when the scope has no technique list. */
  uncovered?: AttackTechnique[];
  /** Size of the scope's technique list, when it has one. */
  scopeSize?: number;
}

/**
 * Compares vendors over the rules at `indices`. `scope`: the techniques that could be covered (a tactic's, a
 * log platform's domain); rows outside it still count when rules state them. `order` sorts the vendor columns.
 */
export function compareVendors(rules: readonly Rule[], indices: Iterable<number>, order: readonly VendorId[], scope?: readonly AttackTechnique[]): VendorComparison {
  const inScope = scope ? new Set(scope.map((t) => t.id)) : undefined;
  const rows = new Map<string, ComparisonRow>();
  const columns = new Map<VendorId, VendorColumn>();
  for (const i of indices) {
    const rule = rules[i];
    let col = columns.get(rule.vendor);
    if (!col) columns.set(rule.vendor, (col = { vendor: rule.vendor, rules: 0, mapped: 0, techniques: 0, only: 0 }));
    col.rules++;
    const techniques = topTechniquesOf(rule.attack).filter((id) => !inScope || inScope.has(id));
    if (techniques.length) col.mapped++;
    for (const id of techniques) {
      let row = rows.get(id);
      if (!row) rows.set(id, (row = { technique: techniqueById(id)!, vendors: new Map(), rules: 0 }));
      const list = row.vendors.get(rule.vendor);
      if (list) list.push(i);
      else row.vendors.set(rule.vendor, [i]);
      row.rules++;
    }
  }
  const sorted = [...rows.values()].sort((a, b) => compareTechniqueIds(a.technique.id, b.technique.id));
  for (const row of sorted) {
    for (const vendor of row.vendors.keys()) {
      const col = columns.get(vendor)!;
      col.techniques++;
      if (row.vendors.size === 1) col.only++;
    }
  }
  const rank = (v: VendorId) => (order.includes(v) ? order.indexOf(v) : order.length);
  return {
    vendors: [...columns.values()].sort((a, b) => rank(a.vendor) - rank(b.vendor) || (a.vendor < b.vendor ? -1 : 1)),
    rows: sorted,
    onlyOne: sorted.filter((r) => r.vendors.size === 1),
    ...(scope
      ? { uncovered: [...scope].filter((t) => !rows.has(t.id)).sort((a, b) => compareTechniqueIds(a.id, b.id)), scopeSize: scope.length }
      : {}),
  };
}
