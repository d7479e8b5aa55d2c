/** The site's view of the real corpus: ATT&CK IDs resolve, permalinks are usable, every rule page can be built. */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { resolveTechnique } from '../../src/lib/attack/index.ts';
import { createSiteModel, type SiteModel } from '../../src/lib/site/model.ts';
import { permalinkSegment } from '../../src/lib/site/permalinks.ts';
import { ruleView } from '../../src/lib/site/rule-view.ts';

describe.skipIf(!process.env.RULECAT_CORPUS)('site on the real corpus', () => {
  let model: SiteModel;
  it('builds the site model (ingest only)', () => {
    model = createSiteModel(buildCatalog({ skipLogic: true }));
    expect(model.rules.length).toBeGreaterThan(5000);
  }, 600_000);

  it('resolves at least 99% of stated technique IDs in Enterprise ATT&CK v19', () => {
    const ids = model.rules.flatMap((r) => r.attack.techniques);
    const known = ids.filter((id) => resolveTechnique(id).technique).length;
    expect(ids.length).toBeGreaterThan(1000);
    expect(known / ids.length).toBeGreaterThanOrEqual(0.99);
  });

  it('gives T1685 the rules still tagged T1562, across vendors', () => {
    const t = model.attack.forTechnique('T1685')!;
    const viaT1562 = t.revoked.find((r) => r.technique.id === 'T1562')?.rules ?? [];
    expect(viaT1562.length).toBeGreaterThan(0);
    expect(new Set(t.all.map((r) => r.vendor)).size).toBeGreaterThanOrEqual(3);
  });

  it('gives a permalink to every rule with an upstream ID, each landing on its rules', () => {
    const withId = model.rules.filter((r) => r.upstreamId && permalinkSegment(r.upstreamId));
    expect(withId.length / model.rules.length).toBeGreaterThan(0.95);
    const linked = new Set(model.permalinks.flatMap((g) => g.rules.map((r) => r.id)));
    for (const r of withId) expect(linked.has(r.id), r.id).toBe(true);
    const shared = model.permalinks.filter((g) => g.rules.length > 1);
    expect(shared.length / model.permalinks.length).toBeLessThan(0.05);
  });

  it('builds the view of every rule page without throwing', () => {
    for (const r of model.rules) {
      const view = ruleView(model, r);
      expect(view.filters.vendor).toHaveLength(1);
      if (r.attack.techniques.length) expect(view.coverage.length, r.id).toBeGreaterThan(0);
    }
  });
});
