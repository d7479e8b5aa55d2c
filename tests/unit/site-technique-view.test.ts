import { describe, expect, it } from 'vitest';
import { techniqueById } from '../../src/lib/attack/index.ts';
import { buildCatalog } from '../../src/lib/catalog.ts';
import type { Rule } from '../../src/lib/model.ts';
import { searchableAttack } from '../../src/lib/site/attack-index.ts';
import { createSiteModel } from '../../src/lib/site/model.ts';
import { syntheticRule } from '../../src/lib/site/synthetic.ts';
import { successorsOf, techniqueView } from '../../src/lib/site/technique-view.ts';
import { coverageView } from '../../src/lib/site/rule-view.ts';

function rule(i: number, techniques: string[]): Rule {
  return { ...syntheticRule(i), attack: { tactics: [], techniques } };
}

describe('techniqueView of a revoked ID', () => {
  const catalog = buildCatalog({ env: {}, skipLogic: true });
  const rules = [rule(0, ['T1562']), rule(1, ['T1685']), rule(2, ['T1685.002']), rule(3, ['T1686']), rule(4, ['T1059'])];
  const model = createSiteModel({ ...catalog, rules });

  it('names the successors of T1562 and its sub-techniques in v19', () => {
    const ids = successorsOf(techniqueById('T1562')!).map((s) => `${s.from}->${s.technique.id}`);
    expect(ids).toEqual(expect.arrayContaining(['T1562->T1685', 'T1562.008->T1685.002', 'T1562.004->T1686']));
    expect(successorsOf(techniqueById('T1059')!)).toEqual([]);
  });

  it('lists on T1562 the rules tagged with its successors, apart from those tagged T1562', () => {
    const view = techniqueView(model, techniqueById('T1562')!);
    expect(view.entry.direct.map((r) => r.id)).toEqual([rules[0].id]);
    const bySuccessor = Object.fromEntries(view.successors.map((s) => [s.technique.id, s.rules.map((r) => r.id)]));
    expect(bySuccessor).toEqual({ T1685: [rules[1].id], 'T1685.002': [rules[2].id], T1686: [rules[3].id] });
    expect(view.total).toBe(4);
  });

  it('lists on T1685 the rules still tagged T1562 (the reverse), and no successors', () => {
    const view = techniqueView(model, techniqueById('T1685')!);
    expect(view.entry.revoked.find((r) => r.technique.id === 'T1562')?.rules.map((r) => r.id)).toEqual([rules[0].id]);
    expect(view.successors).toEqual([]);
  });

  it('lets a search for T1562 find a rule tagged T1685', () => {
    expect(searchableAttack({ tactics: [], techniques: ['T1685'] }).ids).toContain('T1562');
    expect(searchableAttack({ tactics: [], techniques: ['T1059'] }).ids).not.toContain('T1562');
  });

  it('marks on the rule page a technique that succeeds a revoked ID', () => {
    const [row] = coverageView(rule(9, ['T1685']));
    expect(row.techniques[0].formerly?.map((o) => o.id)).toContain('T1562');
    const [old] = coverageView(rule(10, ['T1562']));
    expect(old.techniques[0].formerly).toBeUndefined();
    expect(old.techniques[0].replacedBy?.id).toBe('T1685');
  });
});
