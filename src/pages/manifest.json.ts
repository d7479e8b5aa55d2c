/** dist/manifest.json: what this build wrote, read by scripts/check-site.ts and the end-to-end tests. */
import { vendorLabel } from '../lib/site/format.ts';
import { siteManifest } from '../lib/site/manifest.ts';
import { siteModel } from '../lib/site/model.ts';
import type { VendorId } from '../lib/definitions.ts';

export function GET() {
  const manifest = siteManifest(siteModel(), (v) => vendorLabel(v as VendorId));
  return new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/json' } });
}
