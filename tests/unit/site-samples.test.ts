/** Sample events: a rule's tests say whether it fires; a Panther policy's say whether its check passes. */
import { describe, expect, it } from 'vitest';
import { leaf } from '../../src/lib/logic/tree.ts';
import type { Rule } from '../../src/lib/model.ts';
import { samplesView } from '../../src/lib/site/samples.ts';
import { syntheticRule } from '../../src/lib/site/synthetic.ts';

const tests = [
  { name: 'compliant', expected: true, log: { Versioning: 'Enabled' } },
  { name: 'not compliant', expected: false, log: { Versioning: 'Suspended' } },
];

function ruleOf(kind: string, disagreeing: string[] = []): Rule {
  const base = syntheticRule(0);
  return {
    ...base,
    kind,
    tests,
    logic: { status: 'full', conjuncts: [leaf('Versioning', 'ne', ['Enabled'])], reasons: [], outputFields: [], diagnostics: [], tests: { cases: 2, agree: 2 - disagreeing.length, disagreeing } },
  } as Rule;
}

describe('samplesView', () => {
  it("turns a policy test's 'check passes' into 'does not alert', as the policy's tree reads", () => {
    const view = samplesView(ruleOf('policy'))!;
    expect(view.policy).toBe(true);
    expect(view.samples.map((s) => [s.name, s.expected, s.tree])).toEqual([
      ['compliant', false, false],
      ['not compliant', true, true],
    ]);
  });
  it("keeps a rule test's expectation as whether it fires, and flips the tree only where it disagrees", () => {
    const view = samplesView(ruleOf('rule', ['compliant']))!;
    expect(view.policy).toBe(false);
    expect(view.samples.map((s) => [s.name, s.expected, s.tree])).toEqual([
      ['compliant', true, false],
      ['not compliant', false, false],
    ]);
  });
});
