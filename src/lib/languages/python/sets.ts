/**
 * set(a) == set(b) of two event lists (push_security_mfa_method_changed: `set(new) != set(old)`): the same items,
 * whatever their order or repeats, which is "no item of a is missing from b and no item of b from a": scopes whose
 * leaf compares the item with the other list of the event. set(None) raises: both lists must be there (a missing
 * one with a list default reads as that list).
 */
import type { CompareOp } from './ast.ts';
import type { Leaf } from '../../logic/types.ts';
import { TRUE, cAnd, cNot, cOr, leafC, type C } from './conditions.ts';
import { anyElement, elementMarker } from './scopes.ts';
import { isSeq, type Sym } from './values.ts';

type Field = Extract<Sym, { k: 'field' }>;

const plainSet = (s: Sym): s is Field => s.k === 'field' && !!s.set && s.path.length > 0 && !s.lower && !s.text && !s.view && (s.def === undefined || s.def === null || (isSeq(s.def) && s.def.seq.length === 0));

/** `set(a) == set(b)` / `!=`; undefined for anything else. */
export function setComparison(a: Sym, b: Sym, op: CompareOp): C | undefined {
  if ((op !== '==' && op !== '!=') || !plainSet(a) || !plainSet(b)) return undefined;
  const aOutside = someItemNotIn(a, b);
  const bOutside = someItemNotIn(b, a);
  if (!aOutside || !bOutside) return undefined;
  const differ = cOr(aOutside, bOutside);
  return cAnd(present(a), present(b), op === '==' ? cNot(differ) : differ);
}

function someItemNotIn(x: Field, y: Field): C | undefined {
  const marker = elementMarker();
  const item: Leaf = { type: 'leaf', field: marker, kind: 'in', values: [], otherField: y.path.join('.'), caseSensitive: true };
  return anyElement(x.path, marker, cNot(leafC(item)));
}

/** set(x) needs x: None raises TypeError; a missing x with a list default is that list. */
function present(f: Field): C {
  if (f.def !== undefined && f.def !== null) return TRUE;
  return leafC({ type: 'leaf', field: f.path.join('.'), kind: 'is_not_null', values: [] });
}
