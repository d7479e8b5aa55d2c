/**
 * Regenerates data/attack/enterprise.json from MITRE's Enterprise STIX bundle:
 *   npx tsx scripts/attack-data.ts [path/to/enterprise-attack.json]
 * The compact file keeps what the site needs: tactics in matrix order, every technique and sub-technique
 * (revoked and deprecated ones too, because rules still use old IDs), names, tactics, parents, revoked-by.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AttackData, AttackTactic, AttackTechnique } from '../src/lib/attack/types.ts';

interface StixObject {
  type: string;
  id: string;
  name?: string;
  description?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_shortname?: string;
  x_mitre_version?: string;
  x_mitre_is_subtechnique?: boolean;
  external_references?: { source_name: string; external_id?: string; url?: string }[];
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
  tactic_refs?: string[];
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  modified?: string;
}

/** Tactic shortnames and names that MITRE retired but rules still state, mapped to today's tactic ID. */
const TACTIC_ALIASES: Record<string, string> = {
  'defense-evasion': 'TA0005',
  'defense evasion': 'TA0005',
};

function attackRef(o: StixObject) {
  return o.external_references?.find((r) => r.source_name === 'mitre-attack');
}

/** First sentence of MITRE's description, without citations and markdown links. */
export function summary(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const text = description
    .replace(/\(Citation:[^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<\/?code>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const end = text.search(/\.(\s|$)/);
  const first = end > 0 ? text.slice(0, end + 1) : text;
  return first.length > 320 ? `${first.slice(0, 317).trimEnd()}...` : first;
}

export function compactAttack(bundle: { objects: StixObject[] }): AttackData {
  const objects = bundle.objects;
  const byStixId = new Map(objects.map((o) => [o.id, o]));
  const collection = objects.find((o) => o.type === 'x-mitre-collection');
  const matrix = objects.find((o) => o.type === 'x-mitre-matrix');
  if (!collection || !matrix?.tactic_refs) throw new Error('bundle lacks the collection or the matrix');
  const tactics: AttackTactic[] = matrix.tactic_refs.map((ref) => {
    const t = byStixId.get(ref)!;
    const ext = attackRef(t)!;
    return { id: ext.external_id!, shortname: t.x_mitre_shortname!, name: t.name!, url: ext.url! };
  });
  const parentOf = new Map<string, string>();
  const revokedBy = new Map<string, string>();
  for (const r of objects) {
    if (r.type !== 'relationship') continue;
    if (r.relationship_type === 'subtechnique-of') parentOf.set(r.source_ref!, r.target_ref!);
    if (r.relationship_type === 'revoked-by') revokedBy.set(r.source_ref!, r.target_ref!);
  }
  const externalId = (stixId: string | undefined) => (stixId ? attackRef(byStixId.get(stixId)!)?.external_id : undefined);
  const techniques: AttackTechnique[] = [];
  for (const o of objects) {
    if (o.type !== 'attack-pattern') continue;
    const ext = attackRef(o);
    if (!ext?.external_id) continue;
    const t: AttackTechnique = {
      id: ext.external_id,
      name: o.name!,
      tactics: (o.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === 'mitre-attack').map((k) => k.phase_name),
      url: ext.url!,
    };
    const parent = externalId(parentOf.get(o.id)) ?? (ext.external_id.includes('.') ? ext.external_id.split('.')[0] : undefined);
    if (parent) t.parent = parent;
    if (o.revoked) t.revokedBy = externalId(revokedBy.get(o.id));
    if (o.x_mitre_deprecated) t.deprecated = true;
    const text = summary(o.description);
    if (text && !o.revoked) t.summary = text;
    techniques.push(t);
  }
  techniques.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return {
    version: collection.x_mitre_version!,
    modified: collection.modified,
    tactics,
    tacticAliases: TACTIC_ALIASES,
    techniques,
  };
}

function main() {
  const input = resolve(process.argv[2] ?? '../shared/attack/enterprise-attack.json');
  const output = resolve(process.argv[3] ?? 'data/attack/enterprise.json');
  const data = compactAttack(JSON.parse(readFileSync(input, 'utf8')));
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(data, null, 0).replace(/\},\{/g, '},\n{')}\n`);
  console.log(`ATT&CK ${data.version}: ${data.tactics.length} tactics, ${data.techniques.length} techniques -> ${output}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
