/** View models of the list pages (home, /platforms/, a tactic, IDs outside ATT&CK) over the example catalog. */
import { describe, expect, it } from 'vitest';
import { TACTICS } from '../../src/lib/attack/index.ts';
import { buildCatalog } from '../../src/lib/catalog.ts';
import { homeView, platformsView, tacticView, unknownTechniques } from '../../src/lib/site/list-views.ts';
import { createSiteModel } from '../../src/lib/site/model.ts';

describe('list page views', () => {
  const model = createSiteModel(buildCatalog({ env: {} }));

  it('home: counts are shares of the catalog, vendor groups add up to it', () => {
    const home = homeView(model);
    expect(home.total).toBe(model.rules.length);
    expect(home.withLogic).toBeGreaterThan(0);
    expect(home.withLogic).toBeLessThanOrEqual(home.total);
    expect(home.withAttack).toBeLessThanOrEqual(home.total);
    expect(home.vendors.reduce((n, g) => n + g.rules.length, 0)).toBe(home.total);
  });

  it('platforms: every rule is in one platform group or counted as unknown; columns only for vendors with rules', () => {
    const view = platformsView(model.rules);
    expect(view.groups.reduce((n, g) => n + g.rules.length, 0) + view.unknown).toBe(model.rules.length);
    for (const v of view.vendors) expect(view.groups.some((g) => g.byVendor[v])).toBe(true);
  });

  it('tactic: techniques with the most rules first, then by name, without reordering the index', () => {
    const tactic = TACTICS.find((t) => tacticView(model.attack, t).total > 0)!;
    const before = model.attack.tacticTechniques(tactic).map((r) => r.technique.id);
    const { rows, total } = tacticView(model.attack, tactic);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      expect(a.count > b.count || (a.count === b.count && a.technique.name.localeCompare(b.technique.name) <= 0)).toBe(true);
    }
    expect(model.attack.tacticTechniques(tactic).map((r) => r.technique.id)).toEqual(before);
    expect(total).toBeGreaterThan(0);
  });

  it('IDs outside ATT&CK are in numeric order', () => {
    const ids = unknownTechniques(model.attack).map(([id]) => id);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
  });
});
