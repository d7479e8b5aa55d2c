/** Invariants of multi-event logic (stages, correlation) shared by the corpus tests of every source with stages. */
import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { logicJson } from '../../src/lib/logic/json.ts';
import { allConjuncts, leavesOf } from '../../src/lib/logic/tree.ts';
import { CORRELATION_KINDS, LEAF_KINDS, type Condition, type Leaf } from '../../src/lib/logic/types.ts';
import type { Rule } from '../../src/lib/model.ts';

const schema = JSON.parse(readFileSync(new URL('../../schemas/rule-logic.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

function unscopedLeaves(c: Condition): Leaf[] {
  if (c.type === 'leaf') return [c];
  if (c.type === 'scope') return [];
  if (c.type === 'not') return unscopedLeaves(c.child);
  return c.children.flatMap(unscopedLeaves);
}

/**
 * Every rule's logic follows the stages contract (stages leave conjuncts empty and come with a correlation), every
 * stage's leaf is well formed, every correlation names a known kind, joins name their keys (all but a few: SPL
 * `join [search]` joins on every shared field, KQL `join ... where` on a predicate), and the published JSON
 * validates against its schema.
 */
export function expectStagesContract(rules: Rule[]): void {
  for (const r of rules) {
    const logic = r.logic!;
    const at = r.files[0].path;
    if (logic.stages) {
      expect(logic.conjuncts, at).toEqual([]);
      expect(logic.stages.length, at).toBeGreaterThanOrEqual(2);
      expect(logic.correlation, at).toBeDefined();
    }
    if (logic.correlation) {
      expect(CORRELATION_KINDS as readonly string[], at).toContain(logic.correlation.kind);
      if (logic.status === 'none') expect(logic.correlation, at).toBeUndefined();
    }
    for (const leaf of allConjuncts(logic).flatMap(leavesOf)) expect(LEAF_KINDS, at).toContain(leaf.kind);
    // Inside a scope, "" is the list element itself (any requestParameters.valuesToAdd ("" is_not_null)).
    for (const leaf of allConjuncts(logic).flatMap(unscopedLeaves)) expect(leaf.field.length, at).toBeGreaterThan(0);
    expect(validate(logicJson(logic)), `${at}: ${JSON.stringify(validate.errors)}`).toBe(true);
  }
  const joins = rules.flatMap((r) => (r.logic?.correlation?.kind === 'join' ? [r.logic.correlation] : []));
  expect(joins.filter((c) => c.by.length).length).toBeGreaterThanOrEqual(joins.length * 0.9);
}
