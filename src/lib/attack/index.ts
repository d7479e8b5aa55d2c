/**
 * ATT&CK lookups over the committed compact data: resolves tactics and techniques as rules state them
 * (IDs, shortnames, names, CamelCase names, v18 IDs revoked in v19) to today's objects.
 */
import rawData from '../../../data/attack/enterprise.json' with { type: 'json' };
import type { AttackData, AttackTactic, AttackTechnique } from './types.ts';

export type { AttackData, AttackTactic, AttackTechnique } from './types.ts';

const data = rawData as AttackData;

export const ATTACK_VERSION = data.version;
export const TACTICS: readonly AttackTactic[] = data.tactics;
export const TECHNIQUES: readonly AttackTechnique[] = data.techniques;

const techniqueIndex = new Map(data.techniques.map((t) => [t.id, t]));
const tacticIndex = new Map<string, AttackTactic>();
/** "Defense Evasion", "DefenseEvasion", "defense-evasion", "defense_evasion" all become "defenseevasion". */
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
for (const t of data.tactics) {
  tacticIndex.set(t.id.toUpperCase(), t);
  tacticIndex.set(squash(t.shortname), t);
  tacticIndex.set(squash(t.name), t);
}
for (const [alias, id] of Object.entries(data.tacticAliases)) {
  const t = data.tactics.find((x) => x.id === id);
  if (t) tacticIndex.set(squash(alias), t);
}

export function techniqueById(id: string): AttackTechnique | undefined {
  return techniqueIndex.get(normalizeTechniqueId(id));
}

export function tacticById(id: string): AttackTactic | undefined {
  return tacticIndex.get(id.toUpperCase());
}

/** Every name a tactic answers to: ATT&CK's ("Credential Access") and earlier versions' ("Defense Evasion"). */
export function tacticNames(): string[] {
  return [...data.tactics.map((t) => t.name), ...Object.keys(data.tacticAliases)];
}

export function tacticByShortname(shortname: string): AttackTactic | undefined {
  return tacticIndex.get(squash(shortname));
}

/** T1562/001, t1562.001 and "T1562.001 " all become T1562.001. */
export function normalizeTechniqueId(id: string): string {
  return id.trim().toUpperCase().replace('/', '.');
}

/** A tactic as a rule states it: TA0005, defense-evasion, stealth, "Defense Evasion", DefenseEvasion, attack.stealth. */
export function resolveTactic(stated: string): AttackTactic | undefined {
  const text = stated.trim().replace(/^attack\./i, '');
  return tacticIndex.get(text.toUpperCase()) ?? tacticIndex.get(squash(text));
}

export interface ResolvedTechnique {
  /** The ID as the rule states it, normalized (T1562). */
  stated: string;
  /** The ATT&CK object of that ID, when Enterprise ATT&CK knows it. */
  technique?: AttackTechnique;
  /** Today's technique: follows revoked-by links (T1562 -> T1685); the technique itself when not revoked. */
  current?: AttackTechnique;
}

export function resolveTechnique(stated: string): ResolvedTechnique {
  const id = normalizeTechniqueId(stated);
  const technique = techniqueIndex.get(id);
  let current = technique;
  for (let hops = 0; current?.revokedBy && hops < 5; hops++) current = techniqueIndex.get(current.revokedBy) ?? current;
  return { stated: id, technique, current };
}

/** Tactics of a technique as today's ATT&CK places it (a revoked ID takes its replacement's tactics). */
export function currentTactics(resolved: ResolvedTechnique): AttackTactic[] {
  const names = resolved.current?.tactics ?? resolved.technique?.tactics ?? [];
  return sortTactics(names.map(tacticByShortname).filter((t): t is AttackTactic => !!t));
}

/** Every tactic a technique has ever been placed under: its own and its replacement's. */
function anyTactics(resolved: ResolvedTechnique): Set<string> {
  const ids = new Set<string>();
  for (const t of [resolved.technique, resolved.current]) {
    for (const name of t?.tactics ?? []) {
      const tactic = tacticByShortname(name);
      if (tactic) ids.add(tactic.id);
    }
  }
  return ids;
}

const tacticOrder = new Map(data.tactics.map((t, i) => [t.id, i]));
export function sortTactics(tactics: AttackTactic[]): AttackTactic[] {
  return [...new Map(tactics.map((t) => [t.id, t])).values()].sort((a, b) => tacticOrder.get(a.id)! - tacticOrder.get(b.id)!);
}

export function compareTechniqueIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export interface CoverageRow {
  /** The resolved tactic, or the rule's own text when ATT&CK does not know it. */
  tactic: AttackTactic | { id?: undefined; name: string };
  techniques: ResolvedTechnique[];
}

/**
 * The "MITRE ATT&CK coverage" table of a rule: one row per tactic (matrix order), each with the rule's
 * techniques placed under it. Tactics come from the rule; when it states none (Splunk), from its techniques.
 */
export function coverageRows(attack: { tactics: string[]; techniques: string[] }): CoverageRow[] {
  const techniques = [...new Map(attack.techniques.map((t) => resolveTechnique(t)).map((r) => [r.stated, r])).values()].sort((a, b) =>
    compareTechniqueIds(a.stated, b.stated),
  );
  const stated = attack.tactics.map((text) => ({ text, tactic: resolveTactic(text) }));
  const known = sortTactics(stated.flatMap((s) => (s.tactic ? [s.tactic] : [])));
  const rows = new Map<string, CoverageRow>(known.map((t) => [t.id, { tactic: t, techniques: [] }]));
  for (const technique of techniques) {
    const under = anyTactics(technique);
    const matching = known.filter((t) => under.has(t.id));
    if (matching.length) {
      for (const t of matching) rows.get(t.id)!.techniques.push(technique);
      continue;
    }
    // The rule states no tactic this technique belongs to: place it under today's tactics of the technique.
    const derived = currentTactics(technique);
    if (!derived.length) {
      const key = '';
      if (!rows.has(key)) rows.set(key, { tactic: { name: 'Unknown tactic' }, techniques: [] });
      rows.get(key)!.techniques.push(technique);
    }
    for (const t of derived) {
      if (!rows.has(t.id)) rows.set(t.id, { tactic: t, techniques: [] });
      rows.get(t.id)!.techniques.push(technique);
    }
  }
  const ordered = [...rows.values()].sort(
    (a, b) => (a.tactic.id ? tacticOrder.get(a.tactic.id)! : 99) - (b.tactic.id ? tacticOrder.get(b.tactic.id)! : 99),
  );
  for (const s of stated) if (!s.tactic) ordered.push({ tactic: { name: s.text }, techniques: [] });
  return ordered;
}

/** Techniques whose ID was revoked into `id` (T1685 <- T1562, T1562.001, T1562.006). */
export function revokedInto(id: string): AttackTechnique[] {
  return data.techniques.filter((t) => t.revokedBy === id);
}

export function subTechniquesOf(id: string): AttackTechnique[] {
  return data.techniques.filter((t) => t.parent === id);
}

/** Active (not revoked, not deprecated) techniques, top level only, of one tactic, by name. */
export function techniquesOfTactic(tactic: AttackTactic, options: { subTechniques?: boolean } = {}): AttackTechnique[] {
  return data.techniques
    .filter((t) => !t.revokedBy && !t.deprecated && (options.subTechniques || !t.parent) && t.tactics.includes(tactic.shortname))
    .sort((a, b) => a.name.localeCompare(b.name));
}
