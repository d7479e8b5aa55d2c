/** Leaves that compare two fields of one event, and leaves on values the rule computes (three-valued verdicts). */
import { describe, expect, it } from 'vitest';
import { agreementOf } from '../../src/lib/logic/agreement.ts';
import { decide, decideConjuncts, evaluate } from '../../src/lib/logic/evaluate.ts';
import { renderLeaf } from '../../src/lib/logic/render.ts';
import { indicatorsOf } from '../../src/lib/logic/sections.ts';
import { and, leaf, not, or } from '../../src/lib/logic/tree.ts';
import type { Leaf, Scope } from '../../src/lib/logic/types.ts';

const sameName: Leaf = { ...leaf('process.name', 'eq', []), otherField: 'process.parent.name' };
const classifier: Leaf = { ...leaf('name', 'eq', ['bec']), computed: ['ml.nlu_classifier'] };
const intents: Scope = { type: 'scope', quantifier: 'any', field: 'ml.nlu_classifier(body.current_thread.text).intents', child: classifier, computed: ['ml.nlu_classifier'] };

describe('field comparisons (otherField)', () => {
  it('compares with the other field of the same event, honouring kind and case', () => {
    expect(evaluate(sameName, { process: { name: 'cmd.exe', parent: { name: 'cmd.exe' } } })).toBe(true);
    expect(evaluate(sameName, { process: { name: 'cmd.exe', parent: { name: 'CMD.EXE' } } })).toBe(true);
    expect(evaluate({ ...sameName, caseSensitive: true }, { process: { name: 'cmd.exe', parent: { name: 'CMD.EXE' } } })).toBe(false);
    expect(evaluate(sameName, { process: { name: 'cmd.exe', parent: { name: 'explorer.exe' } } })).toBe(false);
    const differs = { ...sameName, kind: 'ne' as const };
    expect(evaluate(differs, { process: { name: 'a', parent: { name: 'b' } } })).toBe(true);
    expect(evaluate(differs, { process: { name: 'a', parent: { name: 'a' } } })).toBe(false);
    // The other field missing compares with nothing: neither eq nor ne holds.
    expect(evaluate(differs, { process: { name: 'a' } })).toBe(false);
    const later: Leaf = { ...leaf('end', 'gt', []), otherField: 'start' };
    expect(evaluate(later, { start: 5, end: 9 })).toBe(true);
  });

  it('prints the other field as a field, not a value, and lists no indicator for it', () => {
    expect(renderLeaf(sameName, { marks: true })).toBe('process.name eq~ field process.parent.name');
    expect(indicatorsOf([and(sameName, leaf('event.type', 'eq', ['start']))!]).map((r) => r.field)).toEqual(['event.type']);
  });
});

describe('computed values: stated, not decided', () => {
  it('leaves a verdict resting on a computed value undecided, in Kleene logic', () => {
    const email = { body: { current_thread: { text: 'pay now' } }, type: { inbound: true } };
    expect(decide(intents, email)).toBeUndefined();
    expect(decide(not(intents)!, email)).toBeUndefined();
    // A decided false conjunct decides the and; a decided true disjunct decides the or.
    expect(decideConjuncts([leaf('type.inbound', 'eq', [false]), intents], email)).toBe(false);
    expect(decide(or(leaf('type.inbound', 'eq', [true]), intents)!, email)).toBe(true);
    expect(decideConjuncts([leaf('type.inbound', 'eq', [true]), intents], email)).toBeUndefined();
    // evaluate() never reports an undecided verdict as a match.
    expect(evaluate(intents, email)).toBe(false);
  });

  it('counts an undecided verdict as not agreeing and names it', () => {
    const result = agreementOf([
      { name: 'fires', alerts: true, expected: true },
      { name: 'classifier', alerts: undefined, expected: true },
      { name: 'benign', alerts: undefined, expected: false },
    ]);
    expect(result).toEqual({ cases: 3, agree: 1, disagreeing: ['classifier', 'benign'], undecided: ['classifier', 'benign'] });
  });
});

describe('legend', () => {
  it('explains a field comparison and a computed value only where the condition has them', async () => {
    const { legendFor } = await import('../../src/lib/site/legend.ts');
    const marks = (cs: Parameters<typeof legendFor>[0]) => legendFor(cs, '').map((e) => e.mark);
    expect(marks([sameName])).toContain('eq field');
    expect(marks([intents])).toContain('f(…)');
    expect(marks([leaf('process.name', 'eq', ['cmd.exe'])])).not.toContain('f(…)');
    expect(marks([leaf('process.name', 'eq', ['cmd.exe'])])).not.toContain('eq field');
    // The legend says whether the catalog can run the computation (a derivation) or not (a classifier).
    const meaning = (cs: Parameters<typeof legendFor>[0]) => legendFor(cs, '').find((e) => e.mark === 'f(…)')?.meaning;
    const lastPart: Leaf = { ...leaf('path.split("/")[-1]', 'eq', ['x']), computed: ['split'], derive: { from: 'path', steps: [{ fn: 'split', args: ['/'] }, { fn: 'index', args: [-1] }] } };
    expect(meaning([lastPart])).toContain('runs the same computation');
    expect(meaning([intents])).toContain('cannot judge a sample event on the others');
    expect(meaning([lastPart, intents])).toContain('cannot judge a sample event on the others');
  });
});
