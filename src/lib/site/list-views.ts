/**
 * View models of the list pages: the home page's counts, /platforms/, a tactic's techniques and the stated IDs
 * outside ATT&CK. The pages lay out these figures; they count and sort nothing themselves.
 */
import type { AttackTactic } from '../attack/index.ts';
import type { VendorId } from '../definitions.ts';
import type { Rule } from '../model.ts';
import type { AttackIndex } from './attack-index.ts';
import { groupByPlatform, groupByVendor, type PlatformGroup, type VendorGroup } from './browse.ts';
import { VENDOR_ORDER } from './format.ts';
import type { SiteModel } from './model.ts';

/** Vendors, in the site's order, that have a count in at least one row. */
function vendorColumns(rows: { byVendor: Partial<Record<VendorId, number>> }[]): VendorId[] {
  return VENDOR_ORDER.filter((v) => rows.some((r) => r.byVendor[v]));
}

export interface HomeView {
  total: number;
  /** Rules with some extracted logic (full or partial). */
  withLogic: number;
  /** Rules with an ATT&CK technique or tactic. */
  withAttack: number;
  vendors: VendorGroup[];
  platforms: PlatformGroup[];
}

export function homeView(model: SiteModel): HomeView {
  const rules = model.rules;
  return {
    total: rules.length,
    withLogic: rules.filter((r) => r.logic && r.logic.status !== 'none').length,
    withAttack: rules.filter((r) => r.attack.techniques.length || r.attack.tactics.length).length,
    vendors: groupByVendor(rules),
    platforms: groupByPlatform(rules),
  };
}

export interface PlatformsView {
  groups: PlatformGroup[];
  vendors: VendorId[];
  /** Rules that name no known log platform. */
  unknown: number;
}

export function platformsView(rules: readonly Rule[]): PlatformsView {
  const groups = groupByPlatform(rules);
  return { groups, vendors: vendorColumns(groups), unknown: rules.filter((r) => !r.logPlatform).length };
}

export interface TacticView {
  /** The tactic's techniques, most rules first, then by name. */
  rows: ReturnType<AttackIndex['tacticTechniques']>;
  vendors: VendorId[];
  /** Rules mapped to any technique of the tactic. */
  total: number;
}

export function tacticView(attack: AttackIndex, tactic: AttackTactic): TacticView {
  const rows = [...attack.tacticTechniques(tactic)].sort((a, b) => b.count - a.count || a.technique.name.localeCompare(b.technique.name));
  return { rows, vendors: vendorColumns(rows), total: attack.tacticRules(tactic).length };
}

/** Stated technique IDs outside Enterprise ATT&CK with their rules, in ID order (T1 before T10). */
export function unknownTechniques(attack: AttackIndex): [string, Rule[]][] {
  return [...attack.unknown.entries()].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }));
}
