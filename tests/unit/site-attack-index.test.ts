import { describe, expect, it } from 'vitest';
import { TACTICS } from '../../src/lib/attack/index.ts';
import { buildAttackIndex, searchableAttack } from '../../src/lib/site/attack-index.ts';
import { syntheticRule } from '../../src/lib/site/synthetic.ts';
import type { Rule } from '../../src/lib/model.ts';

function rule(i: number, techniques: string[]): Rule {
  return { ...syntheticRule(i), attack: { tactics: [], techniques } };
}

describe('buildAttackIndex', () => {
  const rules = [
    rule(0, ['T1562']),
    rule(1, ['T1685']),
    rule(2, ['T1562.008']),
    rule(3, ['T1685.002']),
    rule(4, ['T1078', 'T1078.004']),
    rule(5, ['T1471']),
  ];
  const index = buildAttackIndex(rules);

  it('lists rules tagged with IDs revoked into a technique', () => {
    const t = index.forTechnique('T1685')!;
    expect(t.direct.map((r) => r.id)).toEqual([rules[1].id]);
    expect(t.revoked.map((r) => [r.technique.id, r.rules.map((x) => x.id)])).toEqual([['T1562', [rules[0].id]]]);
  });

  it('includes sub-techniques and their revoked IDs', () => {
    const t = index.forTechnique('T1685')!;
    const sub = t.subTechniques.find((s) => s.technique.id === 'T1685.002')!;
    expect(sub.rules.map((r) => r.id).sort()).toEqual([rules[2].id, rules[3].id].sort());
    expect(index.count('T1685')).toBe(4);
  });

  it('keeps pages for revoked IDs with their own rules', () => {
    expect(index.forTechnique('T1562')!.direct.map((r) => r.id)).toEqual([rules[0].id]);
    expect(index.forTechnique('T1562')!.subTechniques.map((s) => s.technique.id)).toEqual(['T1562.008']);
  });

  it('counts a rule once per technique even when it states parent and sub-technique', () => {
    expect(index.count('T1078')).toBe(1);
    expect(index.countByVendor('T1078')).toEqual({ [rules[4].vendor]: 1 });
  });

  it('keeps IDs outside Enterprise ATT&CK apart', () => {
    expect(index.forTechnique('T1471')).toBeUndefined();
    expect(index.unknown.get('T1471')?.map((r) => r.id)).toEqual([rules[5].id]);
  });

  it('counts tactic rules through their techniques', () => {
    const impairment = TACTICS.find((t) => t.shortname === 'defense-impairment')!;
    expect(index.tacticRules(impairment).length).toBe(4);
    expect(index.tacticTechniques(impairment).find((r) => r.technique.id === 'T1685')?.count).toBe(4);
  });
});

describe('searchableAttack', () => {
  it('indexes the stated v18 ID and its v19 replacement, with names', () => {
    const s = searchableAttack({ tactics: [], techniques: ['T1562'] });
    expect(s.ids).toEqual(expect.arrayContaining(['T1562', 'T1685']));
    expect(s.names).toEqual(expect.arrayContaining(['Impair Defenses', 'Disable or Modify Tools']));
  });
});
