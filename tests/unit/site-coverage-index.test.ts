/** /coverage/'s view model: the page only lays out what coverageIndexView computed. */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { computeCoverage, NO_PLATFORM } from '../../src/lib/knowledge/coverage.ts';
import { coverageIndexView } from '../../src/lib/site/coverage-index-view.ts';
import { vendorLabel } from '../../src/lib/site/format.ts';
import { siteManifest } from '../../src/lib/site/manifest.ts';
import { createSiteModel } from '../../src/lib/site/model.ts';
import { TECHNIQUES } from '../../src/lib/attack/index.ts';

describe('coverageIndexView over the examples', () => {
  const model = createSiteModel(buildCatalog({ env: {} }));
  const view = coverageIndexView(model);
  const coverage = computeCoverage(model.rules, model.knowledge.table);

  it('labels and links every vendor row, and links every log platform but the missing one', () => {
    for (const vendor of Object.keys(view.vendors.rows)) {
      expect(view.vendors.labels[vendor]).toBe(vendorLabel(vendor as never));
      expect(view.vendors.links[vendor]).toBe(`/rules/${vendor}/`);
    }
    const platforms = Object.keys(view.platforms.rows);
    expect(platforms.length).toBeGreaterThan(1);
    for (const p of platforms) expect(view.platforms.links[p] === undefined).toBe(p === NO_PLATFORM);
    expect(Object.values(view.platforms.links).every((href) => /^\/platforms\/[a-z0-9-]+\/$/.test(href))).toBe(true);
  });

  it('gives one cell per vendor column on each action platform, the share and leaves of that vendor there', () => {
    const { columns, rows } = view.vendorPlatforms;
    expect(columns.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.platform)).toEqual(model.knowledge.platforms().map((p) => p.platform));
    for (const row of rows) {
      expect(row.cells).toHaveLength(columns.length);
      expect(row.href).toMatch(/^\/actions\/[a-z0-9-]+\/$/);
      for (const cell of row.cells) expect(cell).toMatch(/^$|^(\d+\.\d%|-) \(\d+\)$/);
    }
    const filled = rows.flatMap((r) => r.cells).filter(Boolean);
    const pairs = Object.values(coverage.vendorPlatforms).flatMap((byPlatform) => rows.filter((r) => byPlatform[r.platform]));
    expect(filled).toHaveLength(pairs.length);
  });

  it('puts the number of technique pages in the manifest itself', () => {
    expect(siteManifest(model, (v) => v).techniquePages).toBe(TECHNIQUES.length);
  });
});
