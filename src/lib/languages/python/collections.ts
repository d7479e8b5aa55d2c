/**
 * Collections built from event lists: comprehensions over an event list (`{g["GroupName"] for g in groups}`),
 * intersections with constant sets and their sizes. Membership in a comprehension is "some element (passing its
 * filter) maps to the value", a scope over the list.
 */
import type { CompareOp, Comprehension, Expr } from './ast.ts';
import type { Env } from './interpret.ts';
import type { ExpressionInterpreter } from './expressions.ts';
import { FALSE, TRUE, cAnd, cNot, cOr, leafC, unknownC, type C } from './conditions.ts';
import { emptinessLeaf } from './compare.ts';
import { anyElement } from './scopes.ts';
import { compareValues } from './derived.ts';
import { mappedList } from './mapped-lists.ts';
import { constSym, iterConst, type ModuleEnv, type PyVal, type Sym } from './values.ts';

type Compare = (a: Sym, b: Sym, op: CompareOp) => C;
type MapSym = Extract<Sym, { k: 'map' }>;

/** `x in [elt(e) for e in list if filter(e)]`. */
export function inMap(x: Sym, m: MapSym, compare: Compare): C {
  const scoped = anyElement(m.list, m.marker, cAnd(m.filter, compare(x, m.elt, '==')));
  if (scoped) return scoped;
  // An element compared with a value outside it: membership in the list the comprehension computes.
  const list = mappedList(m);
  const value = x.k === 'field' || x.k === 'derived' ? x : undefined;
  return (list && value && compareValues(list, 'eq', value, true)) || unknownC('membership in a computed list');
}

/** The truth of a comprehension: some element passes its filter. */
export function mapNotEmpty(m: MapSym): C {
  return anyElement(m.list, m.marker, m.filter) ?? listDifference(m) ?? unknownC('emptiness of a computed list');
}

/**
 * `[x for x in a if x not in b]` is not empty: a has an element and not every element of a is in b (a leaf that
 * compares b with all of a's elements).
 */
function listDifference(m: MapSym): C | undefined {
  const f = m.filter;
  const l = f.type === 'not' && f.c.type === 'leaf' ? f.c.leaf : undefined;
  if (l?.kind !== 'contains' || l.otherField !== m.marker || l.derive || l.otherDerive || l.computed || l.field.startsWith(m.marker)) return undefined;
  const a = m.list.join('.');
  const inB = leafC({ type: 'leaf', field: l.field, kind: 'eq', values: [], otherField: a, all: true, caseSensitive: true });
  return cAnd(emptinessLeaf({ k: 'field', path: m.list }, 'is_not_null'), cNot(inB));
}

/** The constants of `values` that are members of `of` (a comprehension, a list field, a set of fields). */
export function members(values: PyVal[], of: Sym): Sym {
  return { k: 'members', values, of };
}

/** One condition per constant: it is a member. */
export function memberships(s: Extract<Sym, { k: 'members' }>, compare: Compare): C[] {
  return s.values.map((v) => compare(constSym(v), s.of, 'in'));
}

/**
 * `[elt(x) for x in CONSTANTS if test(x)]` whose test reads the event: each constant is kept under its own test
 * (`[d for d in ALLOWED if domain.endswith(d)]`), so the list's truth is "some test holds".
 */
export function keptItems(r: ExpressionInterpreter, gen: Comprehension, elt: Expr, env: Env, mod: ModuleEnv): Sym | undefined {
  const iter = r.iterable(r.ev(gen.iter, env, mod));
  const values = iter.k === 'const' ? iterConst(iter.v)?.map(constSym) : iter.k === 'seq' ? iter.items : undefined;
  if (!values || values.length > MAX_KEPT || gen.vars.length !== 1) return undefined;
  const items: Sym[] = [];
  const keeps: C[] = [];
  for (const value of values) {
    const inner = new Map(env).set(gen.vars[0], value);
    const keep = cAnd(...gen.conds.map((c) => r.cond(c, inner, mod)));
    if (keep.type === 'false') continue;
    items.push(r.ev(elt, inner, mod));
    keeps.push(keep);
  }
  return { k: 'kept', items, keeps };
}

const MAX_KEPT = 300;

const MAX_COUNTED = 8;

/** At least `n` of the conditions hold: some n of them all hold. */
function atLeast(cs: C[], n: number): C {
  if (n <= 0) return TRUE;
  if (n > cs.length) return FALSE;
  if (n === 1) return cOr(...cs);
  if (n === cs.length) return cAnd(...cs);
  const [first, ...others] = cs;
  return cOr(cAnd(first, atLeast(others, n - 1)), atLeast(others, n));
}

/** len() of the members compared with a number: how many of the memberships hold. */
export function countTest(cs: C[], n: number, op: CompareOp): C {
  if (cs.length > MAX_COUNTED || !Number.isInteger(n)) return unknownC(`length comparison: ${op} ${n}`);
  switch (op) {
    case '>':
      return atLeast(cs, n + 1);
    case '>=':
      return atLeast(cs, n);
    case '<':
      return cNot(atLeast(cs, n));
    case '<=':
      return cNot(atLeast(cs, n + 1));
    case '==':
    case 'is':
      return cAnd(atLeast(cs, n), cNot(atLeast(cs, n + 1)));
    case '!=':
    case 'is not':
      return cNot(cAnd(atLeast(cs, n), cNot(atLeast(cs, n + 1))));
    default:
      return unknownC(`length comparison: ${op} ${n}`);
  }
}

export const countTruth = (cs: C[]): C => atLeast(cs, 1);
