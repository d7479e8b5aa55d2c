/**
 * The /attack/ matrix: columns of top-level techniques with their rule counts (sub-techniques and revoked IDs
 * roll up into the technique), plus the compact data its vendor and log-platform filters recount from in the
 * browser (/data/attack-matrix.json): which rules each technique gathers, and each rule's vendor and platform.
 */
import { TACTICS, type AttackTactic, type AttackTechnique } from '../attack/index.ts';
import { platformSlug } from '../platforms.ts';
import { VENDOR_ORDER, vendorLabel } from './format.ts';
import type { SiteModel } from './model.ts';

export const MATRIX_DATA_PATH = '/data/attack-matrix.json';

export interface MatrixColumn {
  tactic: AttackTactic;
  cells: { technique: AttackTechnique; count: number }[];
}

export interface MatrixData {
  vendors: { id: string; name: string }[];
  platforms: { slug: string; name: string }[];
  /** Per rule: [vendor index, platform index or -1]. */
  rules: [number, number][];
  /** Top-level technique ID -> indexes of its rules (rolled up). */
  techniques: Record<string, number[]>;
}

export interface MatrixView {
  columns: MatrixColumn[];
  mapped: number;
  total: number;
  vendors: MatrixData['vendors'];
  platforms: MatrixData['platforms'];
}

function filterOptions(model: SiteModel): Pick<MatrixData, 'vendors' | 'platforms'> {
  const present = new Set(model.rules.map((r) => r.vendor));
  const vendors = VENDOR_ORDER.filter((v) => present.has(v)).map((id) => ({ id, name: vendorLabel(id) }));
  const names = [...new Set(model.rules.map((r) => r.logPlatform).filter((p): p is string => !!p && !!platformSlug(p)))].sort();
  return { vendors, platforms: names.map((name) => ({ slug: platformSlug(name), name })) };
}

export function matrixView(model: SiteModel): MatrixView {
  const columns = TACTICS.map((tactic) => ({ tactic, cells: model.attack.tacticTechniques(tactic).map(({ technique, count }) => ({ technique, count })) }));
  return {
    columns,
    mapped: model.rules.filter((r) => r.attack.techniques.length > 0).length,
    total: model.rules.length,
    ...filterOptions(model),
  };
}

export function matrixData(model: SiteModel): MatrixData {
  const { vendors, platforms } = filterOptions(model);
  const vendorIndex = new Map(vendors.map((v, i) => [v.id, i]));
  const platformIndex = new Map(platforms.map((p, i) => [p.name, i]));
  const ruleIndex = new Map(model.rules.map((r, i) => [r.id, i]));
  const techniques: Record<string, number[]> = {};
  for (const tactic of TACTICS) {
    for (const { technique } of model.attack.tacticTechniques(tactic)) {
      if (techniques[technique.id]) continue;
      const all = model.attack.forTechnique(technique.id)?.all ?? [];
      if (all.length) techniques[technique.id] = all.map((r) => ruleIndex.get(r.id)!).sort((a, b) => a - b);
    }
  }
  return {
    vendors,
    platforms,
    rules: model.rules.map((r) => [vendorIndex.get(r.vendor) ?? -1, r.logPlatform ? (platformIndex.get(r.logPlatform) ?? -1) : -1]),
    techniques,
  };
}
