/**
 * `npm run urls`: records the catalog's URLs in the published-URL manifest (content/published-urls.json for
 * $RULECAT_CORPUS, content/published-urls.examples.json for the examples; $RULECAT_URL_MANIFEST overrides): new
 * rule pages and /id/ permalinks are added, rules that left are marked with today's date. The build does the
 * same in CI mode; without it, a build only reads the manifest.
 */
import { relative, resolve } from 'node:path';
import { buildCatalog } from '../src/lib/catalog.ts';
import { createSiteModel, recordPublished } from '../src/lib/site/model.ts';
import { publishedIds, recordDate, writePublished } from '../src/lib/published.ts';

const root = resolve(import.meta.dirname, '..');
const model = createSiteModel(buildCatalog({ skipLogic: true }));
const file = model.catalog.published?.file;
const before = model.catalog.published?.urls.rules.length ?? 0;
const urls = recordPublished(model, recordDate());
if (!file || !urls) {
  console.log('No published-URL manifest for this corpus (RULECAT_URL_MANIFEST=none).');
} else {
  writePublished(file, urls);
  const left = urls.rules.filter((r) => r.removed).length;
  console.log(
    `${relative(root, file)}: ${urls.rules.length} rule URLs (${urls.rules.length - before} new, ${left} of rules that left), ` +
      `${publishedIds(urls).length} permalinks (${urls.ids.length} listed as aliases, the others implied by their rule's ID)`,
  );
  console.log(`Redirects from moved rules: ${model.urls.moved.length}; tombstones: ${model.urls.tombstones.length}; permalink redirects: ${model.urls.ids.length}`);
}
