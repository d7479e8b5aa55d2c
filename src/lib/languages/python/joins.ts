/**
 * `sep.join((a, b, c))` of values the rule reads (Notion's "city_region_country" location keys): a text no leaf
 * holds, but its comparison with a constant text is exact. The constant splits at `sep` into as many parts as
 * were joined in one or more ways (a part may itself hold `sep`): the join equals it when, for one of those
 * ways, each value equals its part.
 */
import type { CompareOp } from './ast.ts';
import { type C, cAnd, cOr, FALSE, unknownC } from './conditions.ts';
import { constSym, isDict, iterConst, type PyVal, type Sym } from './values.ts';

export type Joined = Extract<Sym, { k: 'joined' }>;
type Compare = (a: Sym, b: Sym, op: CompareOp) => C;

/** At most this many ways to split one constant are spelled out. */
const MAX_SPLITS = 20;

/** Every way to cut `text` at `sep` into `n` parts (in order), or undefined past MAX_SPLITS. */
function splits(text: string, sep: string, n: number): string[][] | undefined {
  const pieces = text.split(sep);
  if (pieces.length < n) return [];
  const out: string[][] = [];
  // Choose which n - 1 of the separators cut; the others stay inside a part.
  const choose = (from: number, left: number, acc: number[]): boolean => {
    if (left === 0) {
      const cuts = [...acc, pieces.length];
      let start = 0;
      out.push(cuts.map((end) => pieces.slice(start, (start = end)).join(sep)));
      return out.length <= MAX_SPLITS;
    }
    for (let i = from; i <= pieces.length - left; i++) if (!choose(i + 1, left - 1, [...acc, i])) return false;
    return true;
  };
  return choose(1, n - 1, []) ? out : undefined;
}

/** The join equals the constant. */
export function joinedEquals(j: Joined, v: PyVal, compare: Compare): C {
  if (typeof v !== 'string') return FALSE;
  if (j.sep === '') return unknownC('comparison of a join without separator');
  const ways = splits(v, j.sep, j.parts.length);
  if (!ways) return unknownC('comparison of a join: too many ways to split');
  return cOr(...ways.map((parts) => cAnd(...parts.map((p, i) => compare(j.parts[i], constSym(p), '==')))));
}

/** The keys of a constant a join may be tested against with `in`: a dict's keys or a list's items. */
export function joinedIn(j: Joined, container: PyVal, compare: Compare): C | undefined {
  const keys = iterConst(container);
  if (!keys || typeof container === 'string') return undefined;
  return cOr(...keys.map((k) => joinedEquals(j, k, compare)));
}

/** CONSTANT_DICT[join]: the entry whose key the join equals, else KeyError. */
export function lookupByJoined(table: PyVal, j: Joined, compare: Compare): Sym | undefined {
  if (!isDict(table)) return undefined;
  let value: Sym = { k: 'error', reason: 'KeyError' };
  for (let i = table.dict.length - 1; i >= 0; i--) {
    const [k, v] = table.dict[i];
    value = { k: 'ite', c: joinedEquals(j, k, compare), a: constSym(v), b: value };
  }
  return value;
}
