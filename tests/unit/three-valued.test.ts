/** Kleene's three-valued reading: the one evaluator the coverage maps use when only some leaves can be decided. */
import { describe, expect, it } from 'vitest';
import { threeValued } from '../../src/lib/logic/three-valued.ts';
import { and, leaf, not, or } from '../../src/lib/logic/tree.ts';
import type { Leaf } from '../../src/lib/logic/types.ts';

const action = (name: string) => leaf('eventName', 'eq', [name]);
const other = leaf('userIdentity.type', 'eq', ['Root']);
/** Decides eventName leaves against one action, leaves every other field undecided. */
const on = (value: string) => (l: Leaf) => (l.field === 'eventName' ? l.values.includes(value) : undefined);

describe('threeValued', () => {
  it('and is false as soon as a decided child is false, undecided otherwise', () => {
    expect(threeValued(and(action('A'), other)!, on('B'))).toBe(false);
    expect(threeValued(and(action('A'), other)!, on('A'))).toBeUndefined();
  });
  it('or is true as soon as a decided child is true', () => {
    expect(threeValued(or(action('A'), other)!, on('A'))).toBe(true);
    expect(threeValued(or(action('A'), other)!, on('B'))).toBeUndefined();
  });
  it('not flips a decided child and keeps an undecided one undecided', () => {
    expect(threeValued(not(action('A'))!, on('A'))).toBe(false);
    expect(threeValued(not(other)!, on('A'))).toBeUndefined();
  });
  it('a scope is undecided: its leaves speak of one list element', () => {
    expect(threeValued({ type: 'scope', quantifier: 'any', field: 'Records', child: action('A') }, on('A'))).toBeUndefined();
  });
});
