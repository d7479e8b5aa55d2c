/**
 * Kleene's three-valued reading of a condition tree when only some leaves can be decided: `decide` returns true
 * or false for a leaf it can judge and undefined for the rest. A scope (a condition on one list element) is
 * undefined: its leaves speak of an element, not of the value being judged. `and` is false when a child is
 * false, `or` true when a child is true; otherwise an undecided child leaves the result undecided.
 */
import type { Condition, Leaf } from './types.ts';

export function threeValued(c: Condition, decide: (leaf: Leaf) => boolean | undefined): boolean | undefined {
  switch (c.type) {
    case 'leaf':
      return decide(c);
    case 'scope':
      return undefined;
    case 'not': {
      const r = threeValued(c.child, decide);
      return r === undefined ? undefined : !r;
    }
    case 'and': {
      let result: boolean | undefined = true;
      for (const child of c.children) {
        const r = threeValued(child, decide);
        if (r === false) return false;
        if (r === undefined) result = undefined;
      }
      return result;
    }
    case 'or': {
      let result: boolean | undefined = false;
      for (const child of c.children) {
        const r = threeValued(child, decide);
        if (r === true) return true;
        if (r === undefined) result = undefined;
      }
      return result;
    }
  }
}
