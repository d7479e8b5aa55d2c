import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalog, type Catalog } from '../../src/lib/catalog.ts';
import type { Rule } from '../../src/lib/model.ts';
import { readPack } from '../../src/lib/pipeline/cache.ts';
import { buildCatalogParallel } from '../../src/lib/pipeline/index.ts';
import { recordingView, resolveRefs } from '../../src/lib/pipeline/refs.ts';
import { EXAMPLES_ROOT } from '../../src/lib/sources.ts';

/** The catalog as plain data, without the formats' parsed documents (which never leave a worker). */
function plain(catalog: Catalog) {
  return JSON.parse(JSON.stringify({ ...catalog, rules: catalog.rules.map(({ document: _, ...rule }) => rule) }));
}

const work = mkdtempSync(join(tmpdir(), 'rulecat-pipeline-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('catalog read in worker threads and from the cache', () => {
  const serial = plain(buildCatalog({ env: {} }));

  it('gives the serial catalog when read in this thread', async () => {
    const { catalog } = await buildCatalogParallel({ env: {}, workers: 0 });
    expect(plain(catalog)).toEqual(serial);
  });

  it('gives the serial catalog when read in two worker threads', async () => {
    const { catalog, figures } = await buildCatalogParallel({ env: {}, workers: 2 });
    expect(figures.workers).toBe(2);
    expect(plain(catalog)).toEqual(serial);
  });

  it('reads only the changed file on a rebuild, with the same result as a fresh read', async () => {
    const corpus = join(work, 'corpus');
    const cacheDir = join(work, 'cache');
    cpSync(EXAMPLES_ROOT, corpus, { recursive: true });
    // The copy of the examples keeps the examples' URL manifest, so its slugs are the serial catalog's.
    const env = { RULECAT_CORPUS: corpus, RULECAT_URL_MANIFEST: 'content/published-urls.examples.json' };
    const cold = await buildCatalogParallel({ env, workers: 0, cacheDir });
    expect(cold.figures.cached).toBe(0);
    expect(plain(cold.catalog)).toEqual({ ...serial, root: corpus, examples: false });

    const warm = await buildCatalogParallel({ env, workers: 0, cacheDir });
    expect(warm.figures.read).toBe(0);
    expect(warm.figures.cached).toBe(warm.figures.files);
    expect(plain(warm.catalog)).toEqual(plain(cold.catalog));

    const changed = cold.catalog.rules.find((r) => r.source === 'chronicle-detection-rules')?.files[0].path ?? '';
    appendFileSync(join(corpus, 'chronicle-detection-rules', changed), '\n// changed\n');
    const after = await buildCatalogParallel({ env, workers: 0, cacheDir });
    expect(after.figures.read).toBe(1);
    expect(plain(after.catalog)).toEqual(plain(buildCatalog({ env })));
  });

  it('reads a source whole when its rules read other rule files (Sigma correlations)', async () => {
    const cacheDir = join(work, 'cache-examples');
    await buildCatalogParallel({ env: {}, workers: 0, cacheDir });
    expect(readPack(cacheDir, 'sigma')?.meta.crossFile).toBe(true);
    expect(readPack(cacheDir, 'elastic-detection-rules')?.meta.crossFile).toBe(false);
    const again = await buildCatalogParallel({ env: {}, workers: 0, cacheDir });
    expect(again.figures.read).toBe(0);
    expect(plain(again.catalog)).toEqual(serial);
  });
});

describe('deferred catalog lookups', () => {
  const rule = (logic: Rule['logic']) => ({ id: 'sigma/x', logic }) as Rule;
  const view = { findByUpstreamId: (source: string, id: string) => (source === 's' && id === 'known' ? { id: 'sigma/known', title: 'Known' } : undefined) };

  it('resolves marks to catalog IDs, or to the upstream ID the catalog lacks', () => {
    const recording = recordingView();
    const refs = ['known', 'missing'].map((id) => recording.view.findByUpstreamId('s', id)?.id ?? id);
    expect(recording.used()).toBe(true);
    const r = rule({ status: 'full', conjuncts: [], reasons: [], outputFields: [], diagnostics: [], relatedRules: [...refs, 'plain'] });
    resolveRefs(r, view);
    expect(r.logic?.relatedRules).toEqual(['sigma/known', 'missing', 'plain']);
  });

  it('fails on a mark left outside relatedRules', () => {
    const mark = recordingView().view.findByUpstreamId('s', 'known')?.title ?? '';
    const r = rule({ status: 'partial', conjuncts: [], reasons: [mark], outputFields: [], diagnostics: [] });
    expect(() => resolveRefs(r, view)).toThrow(/outside logic.relatedRules/);
  });
});
