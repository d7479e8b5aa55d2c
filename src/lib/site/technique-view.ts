/**
 * A technique page (/attack/techniques/<id>/): its rules, the rules of IDs MITRE revoked into it, its
 * sub-techniques, and for a revoked ID the rules tagged with its successors in today's release, so a responder
 * holding T1562 from an old ticket finds the rules now tagged T1685 (marked as such).
 */
import { compareTechniqueIds, resolveTechnique, subTechniquesOf, tacticByShortname, techniqueById, type AttackTactic, type AttackTechnique } from '../attack/index.ts';
import type { Rule } from '../model.ts';
import type { TechniqueRules } from './attack-index.ts';
import { groupByVendor } from './browse.ts';
import type { SiteModel } from './model.ts';

export interface SuccessorRules {
  /** The technique of today's release the revoked ID (or one of its sub-techniques) maps to. */
  technique: AttackTechnique;
  /** The revoked ID that maps there (the page's own ID, or one of its sub-techniques). */
  from: string;
  rules: Rule[];
}

export interface TechniqueView {
  technique: AttackTechnique;
  entry: TechniqueRules;
  replacement?: AttackTechnique;
  parent?: AttackTechnique;
  tactics: AttackTactic[];
  subs: AttackTechnique[];
  subCounts: Map<string, number>;
  vendorCounts: string[];
  /** Revoked IDs only: rules tagged with the successors, excluding rules already listed as tagged with this ID. */
  successors: SuccessorRules[];
  /** Distinct rules listed on the page. */
  total: number;
}

/** Today's techniques a revoked ID and its revoked sub-techniques map to (T1562 -> T1685, T1562.008 -> T1685.002...). */
export function successorsOf(technique: AttackTechnique): { from: string; technique: AttackTechnique }[] {
  if (!technique.revokedBy) return [];
  const out = new Map<string, { from: string; technique: AttackTechnique }>();
  for (const t of [technique, ...subTechniquesOf(technique.id)]) {
    const current = t.revokedBy ? resolveTechnique(t.id).current : undefined;
    if (current && current.id !== t.id && !out.has(current.id)) out.set(current.id, { from: t.id, technique: current });
  }
  return [...out.values()].sort((a, b) => compareTechniqueIds(a.technique.id, b.technique.id));
}

export function techniqueView(model: SiteModel, technique: AttackTechnique): TechniqueView {
  const entry = model.attack.forTechnique(technique.id)!;
  const listed = new Set(entry.all.map((r) => r.id));
  const successors = successorsOf(technique)
    .map(({ from, technique: t }) => ({ from, technique: t, rules: (model.attack.forTechnique(t.id)?.direct ?? []).filter((r) => !listed.has(r.id)) }))
    .filter((s) => s.rules.length > 0);
  const total = new Set([...listed, ...successors.flatMap((s) => s.rules.map((r) => r.id))]).size;
  const all = [...entry.all, ...successors.flatMap((s) => s.rules)];
  return {
    technique,
    entry,
    replacement: technique.revokedBy ? techniqueById(technique.revokedBy) : undefined,
    parent: technique.parent ? techniqueById(technique.parent) : undefined,
    tactics: technique.tactics.map(tacticByShortname).filter((t): t is AttackTactic => !!t),
    subs: subTechniquesOf(technique.id),
    subCounts: new Map(entry.subTechniques.map((s) => [s.technique.id, s.rules.length])),
    vendorCounts: groupByVendor([...new Map(all.map((r) => [r.id, r])).values()]).map((g) => `${g.name} ${g.rules.length}`),
    successors,
    total,
  };
}
