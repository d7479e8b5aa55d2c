/** What the build wrote (dist/manifest.json): the tests' rule, permalink and technique come from here. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteManifest } from '../../src/lib/site/manifest.ts';

export function manifest(): SiteManifest {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../dist/manifest.json'), 'utf8')) as SiteManifest;
}

export function sample(): NonNullable<SiteManifest['sample']> {
  const m = manifest();
  if (!m.sample) throw new Error('the build has no rule with an upstream ID and an ATT&CK technique to test with');
  return m.sample;
}
