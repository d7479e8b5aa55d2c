/**
 * Kleene's three-valued reading of a condition tree when only some leaves can be decided: `decide` returns true
 * or false for a leaf it can judge and undefined for the rest. `and` is false when a child is false, `or` true
 * when a child is true; otherwise an undecided child leaves the result undecided. A scope (a condition on one
 * list element) is undefined unless `scope` judges it: by default its leaves speak of an element, not of the
 * value being judged. The event evaluator (evaluate.ts) and the coverage maps (knowledge/) both read trees here.
 */
import type { Condition, Leaf, Scope } from './types.ts';

export function threeValued(
  c: Condition,
  decide: (leaf: Leaf) => boolean | undefined,
  scope: (node: Scope) => boolean | undefined = () => undefined,
): boolean | undefined {
  switch (c.type) {
    case 'leaf':
      return decide(c);
    case 'scope':
      return scope(c);
    case 'not': {
      const r = threeValued(c.child, decide, scope);
      return r === undefined ? undefined : !r;
    }
    case 'and':
      return kleene(c.children.map((child) => () => threeValued(child, decide, scope)), false);
    case 'or':
      return kleene(c.children.map((child) => () => threeValued(child, decide, scope)), true);
  }
}

/** `or` (decisive = true: any true wins) or `and` (decisive = false: any false wins) over lazily decided parts. */
export function kleene(parts: (() => boolean | undefined)[], decisive: boolean): boolean | undefined {
  let undecided = false;
  for (const part of parts) {
    const r = part();
    if (r === decisive) return decisive;
    if (r === undefined) undecided = true;
  }
  return undecided ? undefined : !decisive;
}
