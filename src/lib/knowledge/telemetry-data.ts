/**
 * The static JSON behind "my telemetry" (telemetry.ts): each rule's vendor, log platform and today's ATT&CK
 * techniques, with the matrix layout, so the browser can recount for any choice of platforms and vendors.
 */
import { ATTACK_VERSION, TACTICS, compareTechniqueIds, resolveTechnique, techniqueById, techniquesOfTactic } from '../attack/index.ts';
import type { VendorId } from '../definitions.ts';
import type { Rule } from '../model.ts';
import { platformSlug } from '../platforms.ts';
import { NO_PLATFORM_SLUG, type TelemetryData } from './telemetry.ts';

/** Today's active techniques (sub-techniques kept) a rule's stated IDs stand for. */
function currentTechniques(rule: Rule): string[] {
  const out = new Set<string>();
  for (const stated of rule.attack.techniques) {
    const current = resolveTechnique(stated).current;
    if (!current || current.revokedBy || current.deprecated) continue;
    const top = current.parent ? techniqueById(current.parent) : current;
    if (top && !top.revokedBy && !top.deprecated) out.add(current.id);
  }
  return [...out];
}

export function telemetryData(rules: readonly Rule[], vendorOrder: readonly VendorId[], vendorName: (v: VendorId) => string): TelemetryData {
  const vendorIds = vendorOrder.filter((v) => rules.some((r) => r.vendor === v));
  const vendorIndex = new Map(vendorIds.map((v, i) => [v, i]));
  const platformNames = [...new Set(rules.map((r) => r.logPlatform).filter((p): p is string => !!p && !!platformSlug(p)))].sort((a, b) => a.localeCompare(b));
  const platforms = platformNames.map((name) => ({ slug: platformSlug(name), name, rules: 0 }));
  const noPlatform = { slug: NO_PLATFORM_SLUG, name: 'No log platform stated', rules: 0 };
  const platformIndex = new Map(platformNames.map((name, i) => [name, i]));

  // Techniques: every active top-level technique of the matrix, then sub-techniques as rules state them.
  const techniques: TelemetryData['techniques'] = [];
  const techniqueIndex = new Map<string, number>();
  const add = (id: string): number => {
    const hit = techniqueIndex.get(id);
    if (hit !== undefined) return hit;
    const t = techniqueById(id)!;
    const parent = t.parent ? add(t.parent) : undefined;
    techniqueIndex.set(id, techniques.length);
    techniques.push({ id: t.id, name: t.name, ...(parent !== undefined ? { parent } : {}) });
    return techniques.length - 1;
  };
  const tactics = TACTICS.map((tactic) => ({ id: tactic.id, name: tactic.name, techniques: techniquesOfTactic(tactic).map((t) => add(t.id)) }));
  const stated = [...new Set(rules.flatMap(currentTechniques))].sort(compareTechniqueIds);
  for (const id of stated) add(id);

  const vendorCounts = new Map<VendorId, number>();
  const rows = rules.map((rule) => {
    vendorCounts.set(rule.vendor, (vendorCounts.get(rule.vendor) ?? 0) + 1);
    const p = rule.logPlatform !== undefined ? platformIndex.get(rule.logPlatform) : undefined;
    if (p !== undefined) platforms[p].rules++;
    else noPlatform.rules++;
    return [vendorIndex.get(rule.vendor)!, p ?? platforms.length, ...currentTechniques(rule).map((id) => techniqueIndex.get(id)!)];
  });
  return {
    attack: ATTACK_VERSION,
    vendors: vendorIds.map((id) => ({ id, name: vendorName(id), rules: vendorCounts.get(id) ?? 0 })),
    platforms: [...platforms, noPlatform],
    tactics,
    techniques,
    rules: rows,
  };
}
