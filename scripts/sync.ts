/**
 * `npm run sync [-- --dry-run] [-- name ...]`: clones or updates the rule sources of content/sources.yaml under
 * the corpus root ($RULECAT_CORPUS, else ./corpus), pinning each to the commit it fetched.
 */
import { resolve } from 'node:path';
import { PROJECT_ROOT, readSourceConfigs } from '../src/lib/sources.ts';
import { syncSource } from '../src/lib/sync.ts';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const only = args.filter((a) => !a.startsWith('--'));
const root = resolve(PROJECT_ROOT, process.env.RULECAT_CORPUS?.trim() || 'corpus');
let failed = 0;
for (const config of readSourceConfigs().filter((c) => !only.length || only.includes(c.name))) {
  const r = syncSource(config, root, dryRun);
  if (r.error) failed++;
  const status = r.error ? `FAILED: ${r.error}` : r.commit ? `at ${r.commit}` : `skipped: ${r.skipped}`;
  console.log(`${r.name} (${r.folder}) ${status}`);
}
if (!dryRun) console.log(`\nBuild with: RULECAT_CORPUS=${root} npm run build`);
process.exit(failed ? 1 : 0);
