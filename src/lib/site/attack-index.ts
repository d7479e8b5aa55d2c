/**
 * Which rules map to which ATT&CK technique, computed once for the whole catalog: a technique gathers the rules
 * stating its ID, the rules stating IDs revoked into it (T1685 <- T1562), and its sub-techniques' rules.
 */
import { LIFECYCLES, lifecycleOf } from '../knowledge/succession.ts';
import {
  TACTICS,
  TECHNIQUES,
  compareTechniqueIds,
  normalizeTechniqueId,
  resolveTechnique,
  techniqueById,
  techniquesOfTactic,
  type AttackTactic,
  type AttackTechnique,
} from '../attack/index.ts';
import type { VendorId } from '../definitions.ts';
import type { Rule } from '../model.ts';

export interface TechniqueRules {
  technique: AttackTechnique;
  /** Rules stating this very ID. */
  direct: Rule[];
  /** Rules stating an ID that MITRE revoked into this one, by that ID. */
  revoked: { technique: AttackTechnique; rules: Rule[] }[];
  /** Sub-techniques with their rules (each including its own revoked IDs). */
  subTechniques: { technique: AttackTechnique; rules: Rule[] }[];
  /** Every distinct rule above. */
  all: Rule[];
}

export interface AttackIndex {
  forTechnique(id: string): TechniqueRules | undefined;
  /** Distinct rules of a technique with its sub-techniques and revoked IDs. */
  count(id: string): number;
  countByVendor(id: string): Partial<Record<VendorId, number>>;
  /** Rules mapped to any technique of the tactic, or stating the tactic itself. */
  tacticRules(tactic: AttackTactic): Rule[];
  /** Techniques of a tactic (top-level, active) with their counts. */
  tacticTechniques(tactic: AttackTactic): { technique: AttackTechnique; count: number; byVendor: Partial<Record<VendorId, number>> }[];
  /** Stated technique IDs that Enterprise ATT&CK does not know, with their rules. */
  unknown: Map<string, Rule[]>;
}

function distinct(rules: Rule[]): Rule[] {
  return [...new Map(rules.map((r) => [r.id, r])).values()];
}

/** Active rules first, retired ones after, each by title. */
function listOrder(a: Rule, b: Rule): number {
  return LIFECYCLES.indexOf(lifecycleOf(a)) - LIFECYCLES.indexOf(lifecycleOf(b)) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
}

export function buildAttackIndex(rules: readonly Rule[]): AttackIndex {
  const stated = new Map<string, Rule[]>();
  const unknown = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const id of new Set(rule.attack.techniques.map(normalizeTechniqueId))) {
      const target = techniqueById(id) ? stated : unknown;
      if (!target.has(id)) target.set(id, []);
      target.get(id)!.push(rule);
    }
  }
  const revokedInto = new Map<string, AttackTechnique[]>();
  const children = new Map<string, AttackTechnique[]>();
  for (const t of TECHNIQUES) {
    if (t.revokedBy) revokedInto.set(t.revokedBy, [...(revokedInto.get(t.revokedBy) ?? []), t]);
    if (t.parent) children.set(t.parent, [...(children.get(t.parent) ?? []), t]);
  }
  const cache = new Map<string, TechniqueRules>();

  /** Rules of one ID and of every ID revoked into it (transitively). */
  const ownRules = (id: string, seen = new Set<string>()): { direct: Rule[]; revoked: TechniqueRules['revoked'] } => {
    seen.add(id);
    const revoked: TechniqueRules['revoked'] = [];
    for (const old of revokedInto.get(id) ?? []) {
      if (seen.has(old.id)) continue;
      const inner = ownRules(old.id, seen);
      const all = distinct([...inner.direct, ...inner.revoked.flatMap((r) => r.rules)]).sort(listOrder);
      if (all.length) revoked.push({ technique: old, rules: all });
    }
    return { direct: [...(stated.get(id) ?? [])].sort(listOrder), revoked };
  };

  const forTechnique = (rawId: string): TechniqueRules | undefined => {
    const id = normalizeTechniqueId(rawId);
    const technique = techniqueById(id);
    if (!technique) return undefined;
    const hit = cache.get(id);
    if (hit) return hit;
    const own = ownRules(id);
    const subTechniques = (children.get(id) ?? [])
      .map((sub) => {
        const s = ownRules(sub.id);
        return { technique: sub, rules: distinct([...s.direct, ...s.revoked.flatMap((r) => r.rules)]).sort(listOrder) };
      })
      .filter((s) => s.rules.length)
      .sort((a, b) => compareTechniqueIds(a.technique.id, b.technique.id));
    const all = distinct([...own.direct, ...own.revoked.flatMap((r) => r.rules), ...subTechniques.flatMap((s) => s.rules)]);
    const result = { technique, direct: own.direct, revoked: own.revoked, subTechniques, all };
    cache.set(id, result);
    return result;
  };

  const countByVendor = (id: string) => {
    const out: Partial<Record<VendorId, number>> = {};
    for (const r of forTechnique(id)?.all ?? []) out[r.vendor] = (out[r.vendor] ?? 0) + 1;
    return out;
  };

  const tacticRulesCache = new Map<string, Rule[]>();
  const tacticRules = (tactic: AttackTactic) => {
    const hit = tacticRulesCache.get(tactic.id);
    if (hit) return hit;
    const found = new Map<string, Rule>();
    for (const t of techniquesOfTactic(tactic)) for (const r of forTechnique(t.id)?.all ?? []) found.set(r.id, r);
    const list = [...found.values()].sort(listOrder);
    tacticRulesCache.set(tactic.id, list);
    return list;
  };

  return {
    forTechnique,
    count: (id) => forTechnique(id)?.all.length ?? 0,
    countByVendor,
    tacticRules,
    tacticTechniques: (tactic) =>
      techniquesOfTactic(tactic).map((technique) => ({ technique, count: forTechnique(technique.id)?.all.length ?? 0, byVendor: countByVendor(technique.id) })),
    unknown,
  };
}

/**
 * Every technique and tactic ID and name a rule's mapping stands for, stated and current, and the older IDs MITRE
 * revoked into its current techniques (a rule tagged T1685 answers a search for T1562), for search.
 */
export function searchableAttack(attack: { tactics: string[]; techniques: string[] }): { ids: string[]; names: string[] } {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const stated of attack.techniques) {
    const r = resolveTechnique(stated);
    ids.add(r.stated);
    for (const t of [r.technique, r.current]) {
      if (!t) continue;
      ids.add(t.id);
      names.add(t.name);
      if (t.parent) ids.add(t.parent);
    }
    for (const old of r.current ? TECHNIQUES.filter((t) => t.revokedBy === r.current!.id) : []) {
      ids.add(old.id);
      names.add(old.name);
    }
  }
  return { ids: [...ids], names: [...names] };
}

export { TACTICS };
