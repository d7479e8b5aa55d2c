/**
 * The site's view of the catalog, computed once per build: the catalog itself, cross-vendor knowledge, the
 * ATT&CK index and permalinks. Memoized on globalThis because Astro evaluates the content loader and the pages
 * in separate module graphs of the same process; both then share one catalog build. The build script prepares
 * it before Astro starts (prepareSiteModel: worker threads and the catalog cache); without that, the first use
 * builds it in this thread.
 */
import { buildCatalog, type Catalog } from '../catalog.ts';
import { loadUniverses } from '../knowledge/action-universe.ts';
import { deriveKnowledge, type Knowledge } from '../knowledge/index.ts';
import { canonicalTable } from '../knowledge/canonical-table.ts';
import type { Rule } from '../model.ts';
import { syntheticCatalog } from './synthetic.ts';
import { buildAttackIndex, type AttackIndex } from './attack-index.ts';
import { permalinkGroups, type PermalinkGroup } from './permalinks.ts';
import { updatePublished, urlChanges, type PublishedUrls, type UrlChanges } from '../published.ts';

export interface SiteModel {
  catalog: Catalog;
  rules: Rule[];
  byId: Map<string, Rule>;
  knowledge: Knowledge;
  attack: AttackIndex;
  permalinks: PermalinkGroup[];
  /** What the published-URL manifest's URLs need now: redirects from moved rules' old URLs, tombstones. */
  urls: UrlChanges;
  /** Figures for the build summary: milliseconds per step of the model. */
  timings: Record<string, number>;
}

const KEY = Symbol.for('rulecat.siteModel');
type Holder = { [KEY]?: { corpus: string; model: SiteModel } };

function timed<T>(timings: Record<string, number>, name: string, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    timings[name] = Math.round(performance.now() - t0);
  }
}

export function createSiteModel(catalog: Catalog, timings: Record<string, number> = {}): SiteModel {
  const rules = [...catalog.rules].sort((a, b) => a.id.localeCompare(b.id));
  const { universes, problems } = timed(timings, 'action universes', () => loadUniverses());
  // Without the list of AWS operations the action pages still build, from the operations rules name.
  for (const problem of problems) console.warn(`[rulecat] ${problem}: action pages list only the actions rules name`);
  const knowledge = timed(timings, 'knowledge', () => deriveKnowledge(rules, canonicalTable(), { universes }));
  const attack = timed(timings, 'attack', () => buildAttackIndex(rules));
  const permalinks = timed(timings, 'permalinks', () => permalinkGroups(rules));
  const urls = publishedChanges(catalog, rules, permalinks);
  return { catalog, rules, byId: new Map(rules.map((r) => [r.id, r])), knowledge, attack, permalinks, urls, timings };
}

/** Redirects and tombstones the manifest's URLs need (none without a manifest). */
export function publishedChanges(catalog: Catalog, rules: readonly Rule[], permalinks: readonly PermalinkGroup[]): UrlChanges {
  if (!catalog.published) return { moved: [], tombstones: [], ids: [] };
  return urlChanges(catalog.published.urls, rules, catalog.published.keys, new Set(permalinks.map((g) => g.url)));
}

/**
 * Records this build's URLs in the manifest (new pages and permalinks, rules that left as of `date`) and
 * recomputes the redirects and tombstones from it: `npm run urls` and the build in CI mode.
 */
export function recordPublished(model: SiteModel, date: string): PublishedUrls | undefined {
  const published = model.catalog.published;
  if (!published) return undefined;
  published.urls = updatePublished(published.urls, model.rules, published.keys, published.bases, model.permalinks, date);
  model.urls = publishedChanges(model.catalog, model.rules, model.permalinks);
  return published.urls;
}

function corpusKey(): { corpus: string; synthetic: number } {
  const synthetic = Number(process.env.RULECAT_SYNTHETIC ?? 0);
  return { corpus: synthetic > 0 ? `synthetic:${synthetic}` : (process.env.RULECAT_CORPUS ?? ''), synthetic };
}

/**
 * Keeps a catalog built elsewhere (scripts/build.ts: worker threads and the catalog cache, src/lib/site/prepare.ts)
 * as the model of the configured corpus, so siteModel() returns it instead of building one.
 */
export function adoptCatalog(catalog: Catalog, timings: Record<string, number> = {}): SiteModel {
  const model = createSiteModel(catalog, timings);
  (globalThis as Holder)[KEY] = { corpus: corpusKey().corpus, model };
  return model;
}

/** The model of the configured corpus ($RULECAT_CORPUS, the examples, or RULECAT_SYNTHETIC=<n> rules), built on first use. */
export function siteModel(): SiteModel {
  const holder = globalThis as Holder;
  const { corpus, synthetic } = corpusKey();
  if (holder[KEY]?.corpus === corpus) return holder[KEY].model;
  const timings: Record<string, number> = {};
  const catalog = timed(timings, 'catalog', () => (synthetic > 0 ? syntheticCatalog(synthetic) : buildCatalog()));
  const model = createSiteModel(catalog, timings);
  holder[KEY] = { corpus, model };
  if (process.env.RULECAT_DEBUG) console.log(`[rulecat] site model built: ${model.rules.length} rules`);
  return model;
}

export function ruleById(id: string): Rule {
  const rule = siteModel().byId.get(id);
  if (!rule) throw new Error(`rule ${id} is not in the catalog`);
  return rule;
}
