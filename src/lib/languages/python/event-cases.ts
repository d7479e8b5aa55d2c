/**
 * A loop test that mixes the item's fields with event values in a way no split separates
 * (`not (o and D == o) and not (p and D.endswith(p))`) reads case by case on one event-only condition F:
 * any(x: T) is (F and any(x: T where F holds)) or (not F and any(x: T where F fails)). Exact; at most a few cases.
 */
import { FALSE, TRUE, cAnd, cNot, cOr, type C } from './conditions.ts';

const MAX_CASES_DEPTH = 6;

export function byEventCases(test: C, eventOnly: (c: C) => boolean, scoped: (t: C) => C | undefined, depth: number): C | undefined {
  if (depth >= MAX_CASES_DEPTH) return undefined;
  const f = firstMatching(test, eventOnly);
  if (!f) return undefined;
  const holds = scoped(substitute(test, f, TRUE));
  const fails = holds && scoped(substitute(test, f, FALSE));
  return fails && cOr(cAnd(f, holds!), cAnd(cNot(f), fails));
}

function firstMatching(c: C, p: (c: C) => boolean): C | undefined {
  if (c.type === 'leaf' || c.type === 'scope') return p(c) ? c : undefined;
  if (c.type === 'and' || c.type === 'or') {
    for (const x of c.cs) {
      const hit = firstMatching(x, p);
      if (hit) return hit;
    }
    return undefined;
  }
  return c.type === 'not' ? firstMatching(c.c, p) : undefined;
}

const key = (c: C) => JSON.stringify(c);

/** The condition with every occurrence of `part` replaced by a constant, simplified. */
function substitute(c: C, part: C, value: C): C {
  const k = key(part);
  const visit = (x: C): C => {
    if (x.type === 'leaf' || x.type === 'scope') return key(x) === k ? value : x;
    if (x.type === 'and') return cAnd(...x.cs.map(visit));
    if (x.type === 'or') return cOr(...x.cs.map(visit));
    if (x.type === 'not') return cNot(visit(x.c));
    return x;
  };
  return visit(c);
}
