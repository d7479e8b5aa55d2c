/**
 * Writes data/attack/platforms.json from MITRE's Enterprise STIX bundle: the ATT&CK platforms (IaaS, Identity
 * Provider, Windows...) of every active technique and sub-technique, which the vendor comparison pages use to
 * say which techniques of a log platform's domain no rule covers.
 *   npx tsx scripts/attack-platforms.ts [path/to/enterprise-attack.json] [output]
 * A file of its own beside data/attack/enterprise.json, so that the compact ATT&CK data keeps its shape.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

interface StixObject {
  type: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_version?: string;
  x_mitre_platforms?: string[];
  external_references?: { source_name: string; external_id?: string }[];
}

export interface AttackPlatformsData {
  version: string;
  /** Technique ID → ATT&CK platforms, active techniques and sub-techniques only. */
  platforms: Record<string, string[]>;
}

export function attackPlatforms(bundle: { objects: StixObject[] }): AttackPlatformsData {
  const collection = bundle.objects.find((o) => o.type === 'x-mitre-collection');
  const platforms: Record<string, string[]> = {};
  const ids: string[] = [];
  for (const o of bundle.objects) {
    if (o.type !== 'attack-pattern' || o.revoked || o.x_mitre_deprecated) continue;
    const id = o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;
    if (!id) continue;
    ids.push(id);
    platforms[id] = [...(o.x_mitre_platforms ?? [])].sort();
  }
  ids.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { version: collection?.x_mitre_version ?? '', platforms: Object.fromEntries(ids.map((id) => [id, platforms[id]])) };
}

function main() {
  const input = resolve(process.argv[2] ?? '../shared/attack/enterprise-attack.json');
  const output = resolve(process.argv[3] ?? 'data/attack/platforms.json');
  const data = attackPlatforms(JSON.parse(readFileSync(input, 'utf8')));
  mkdirSync(dirname(output), { recursive: true });
  const lines = Object.entries(data.platforms).map(([id, p]) => `${JSON.stringify(id)}:${JSON.stringify(p)}`);
  writeFileSync(output, `{"version":${JSON.stringify(data.version)},"platforms":{\n${lines.join(',\n')}\n}}\n`);
  console.log(`ATT&CK ${data.version}: platforms of ${lines.length} techniques -> ${output}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
