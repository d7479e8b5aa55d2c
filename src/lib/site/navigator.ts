/**
 * ATT&CK Navigator layers (layer format 4.5) of the catalog, of each vendor and of each log platform: the score of
 * a technique is its rule count as the /attack/ matrix counts it (sub-techniques and IDs MITRE revoked into it
 * included), sub-techniques carry their own counts, and each comment names the vendors behind the count.
 */
import { ATTACK_VERSION, TECHNIQUES } from '../attack/index.ts';
import { navigatorLayer as layerShell, type NavigatorLayer, type NavigatorTechnique } from '../attack/navigator-layer.ts';
import type { Rule } from '../model.ts';
import { platformSlug } from '../platforms.ts';
import { buildAttackIndex } from './attack-index.ts';
import { VENDOR_ORDER, vendorLabel } from './format.ts';

export const LAYER_DIR = '/data/navigator';
export { NAVIGATOR_VERSION, type NavigatorLayer, type NavigatorTechnique } from '../attack/navigator-layer.ts';

export interface LayerSpec {
  /** Site path of the layer file. */
  path: string;
  name: string;
  /** What selects the rules: the whole catalog, one vendor or one log platform. */
  filter: { kind: 'catalog' } | { kind: 'vendor'; value: string } | { kind: 'platform'; value: string };
  rules: Rule[];
}

const ACTIVE_CHILDREN = new Map<string, string[]>();
for (const t of TECHNIQUES) if (t.parent && !t.revokedBy) ACTIVE_CHILDREN.set(t.parent, [...(ACTIVE_CHILDREN.get(t.parent) ?? []), t.id]);

/** The ATT&CK major version a layer names ("19" of "19.1"). */
export function attackMajor(): string {
  return ATTACK_VERSION.split('.')[0];
}

function vendorComment(rules: Rule[]): string {
  const counts = new Map<string, number>();
  for (const r of rules) counts.set(r.vendor, (counts.get(r.vendor) ?? 0) + 1);
  return VENDOR_ORDER.filter((v) => counts.has(v))
    .map((v) => `${vendorLabel(v)} ${counts.get(v)}`)
    .join(', ');
}

export function navigatorLayer(name: string, description: string, rules: readonly Rule[]): NavigatorLayer {
  const index = buildAttackIndex(rules);
  const techniques: NavigatorTechnique[] = [];
  for (const t of TECHNIQUES) {
    if (t.revokedBy || t.deprecated) continue;
    const all = index.forTechnique(t.id)?.all ?? [];
    if (!all.length) continue;
    const entry: NavigatorTechnique = { techniqueID: t.id, score: all.length, comment: `${all.length} rules: ${vendorComment(all)}`, enabled: true };
    if ((ACTIVE_CHILDREN.get(t.id) ?? []).some((id) => index.count(id) > 0)) entry.showSubtechniques = true;
    techniques.push(entry);
  }
  return layerShell({
    name,
    attack: attackMajor(),
    description,
    techniques,
    metadata: [
      { name: 'generator', value: 'Rulecat' },
      { name: 'rules', value: String(rules.length) },
    ],
  });
}

/** Every layer the site publishes: the catalog, one per vendor, one per log platform. */
export function layerSpecs(rules: readonly Rule[]): LayerSpec[] {
  const specs: LayerSpec[] = [{ path: `${LAYER_DIR}/catalog.json`, name: 'Rulecat: all rules', filter: { kind: 'catalog' }, rules: [...rules] }];
  for (const vendor of VENDOR_ORDER) {
    const subset = rules.filter((r) => r.vendor === vendor);
    if (subset.length) specs.push({ path: `${LAYER_DIR}/vendor-${vendor}.json`, name: `Rulecat: ${vendorLabel(vendor)} rules`, filter: { kind: 'vendor', value: vendor }, rules: subset });
  }
  const platforms = [...new Set(rules.map((r) => r.logPlatform).filter((p): p is string => !!p && !!platformSlug(p)))].sort();
  for (const platform of platforms) {
    const subset = rules.filter((r) => r.logPlatform === platform);
    specs.push({ path: `${LAYER_DIR}/platform-${platformSlug(platform)}.json`, name: `Rulecat: ${platform} rules`, filter: { kind: 'platform', value: platform }, rules: subset });
  }
  return specs;
}

export function layerOf(spec: LayerSpec): NavigatorLayer {
  const what = spec.filter.kind === 'catalog' ? 'every rule of the catalog' : spec.filter.kind === 'vendor' ? `the ${vendorLabel(spec.filter.value as never)} rules` : `the rules on ${spec.filter.value} logs`;
  return navigatorLayer(
    spec.name,
    `Rule counts per ATT&CK v${ATTACK_VERSION} technique of ${what} in Rulecat (${spec.rules.length} rules). A technique counts its sub-techniques and the IDs MITRE revoked into it; comments name the vendors.`,
    spec.rules,
  );
}
