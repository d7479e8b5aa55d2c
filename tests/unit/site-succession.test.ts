import { describe, expect, it } from 'vitest';
import { activeFirst, groupByVendor, paginateRules, ruleRow } from '../../src/lib/site/browse.ts';
import { filtersOf, successionView } from '../../src/lib/site/rule-view.ts';
import { syntheticRule } from '../../src/lib/site/synthetic.ts';

const named = (i: number, title: string, extra: object = {}) => ({ ...syntheticRule(i), vendor: 'sigma' as const, title, ...extra });

describe('retired rules in browse lists and pages', () => {
  it('lists active rules first, then deprecated, then unsupported, by title within each', () => {
    const rules = [named(0, 'A old', { deprecated: true }), named(1, 'Z new'), named(2, 'B unsupported', { unsupported: true }), named(3, 'M new')];
    expect([...rules].sort(activeFirst).map((r) => r.title)).toEqual(['M new', 'Z new', 'A old', 'B unsupported']);
    expect(groupByVendor(rules)[0].rules.map((r) => r.title)).toEqual(['M new', 'Z new', 'A old', 'B unsupported']);
    expect(ruleRow(rules[0]).status).toBe('deprecated');
  });

  it('labels pages that hold retired rules as such', () => {
    const rules = [named(0, 'Alpha'), named(1, 'Beta'), named(2, 'Gamma', { deprecated: true })].sort(activeFirst);
    expect(paginateRules(rules, '/rules/sigma/')[0].pages).toEqual([]);
    const many = Array.from({ length: 501 }, (_, i) => named(i, `Rule ${String(i).padStart(3, '0')}`, i === 500 ? { deprecated: true } : {})).sort(activeFirst);
    const labels = paginateRules(many, '/rules/sigma/')[0].pages.map((p) => p.label);
    expect(labels).toEqual(['Ru – Ru', 'deprecated: Ru – deprecated: Ru']);
  });

  it('gives the page its status, successors and predecessors, and the status search filter', () => {
    const old = named(0, 'Old', {
      deprecated: true,
      supersededBy: [{ ruleId: 'sigma/new', title: 'New', url: '/rules/sigma/new/', how: 'obsolete' as const }],
    });
    const view = successionView(old);
    expect(view).toEqual({ lifecycle: 'deprecated', supersededBy: [{ text: 'New', href: '/rules/sigma/new/', how: 'obsolete' }], replaces: [] });
    const successor = named(1, 'New', { replaces: [{ upstreamId: 'gone-id', how: 'renamed' as const }] });
    expect(successionView(successor).replaces).toEqual([{ text: 'gone-id', how: 'renamed', notInCatalog: true }]);
    expect(filtersOf(old).status).toEqual(['deprecated']);
    expect(filtersOf(successor).status).toEqual(['active']);
  });
});
