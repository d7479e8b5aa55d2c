/**
 * The filter expression both SPL parsers (search terms and where/eval) produce, before it becomes a
 * condition tree. `unsupported` marks what no leaf can express; `lower` resolves it to a superset filter.
 */
import { and, leavesOf, not, or } from '../../logic/tree.ts';
import type { Condition, Leaf, SourceLocation } from '../../logic/types.ts';

export type Expr =
  | { t: 'and'; items: Expr[] }
  | { t: 'or'; items: Expr[] }
  | { t: 'not'; item: Expr }
  | { t: 'leaf'; leaf: Leaf }
  | { t: 'unsupported'; reason: string; fields: string[] }
  /** Matches everything (`search *`, time modifiers). */
  | { t: 'true' };

export const TRUE: Expr = { t: 'true' };

export function exprAnd(items: Expr[]): Expr {
  const kept = items.filter((e) => e.t !== 'true');
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? kept[0] : { t: 'and', items: kept };
}

export function exprOr(items: Expr[]): Expr {
  if (items.some((e) => e.t === 'true')) return TRUE;
  return items.length === 1 ? items[0] : { t: 'or', items };
}

/** Where a piece of the search starts: an offset in the search, located in the rule file by the caller. */
export type Locate = (offset: number) => SourceLocation | undefined;

/** Gives every leaf of a freshly built expression that has no location this one. */
export function stamp(e: Expr, loc: SourceLocation | undefined): Expr {
  if (!loc) return e;
  switch (e.t) {
    case 'leaf':
      e.leaf.loc ??= loc;
      break;
    case 'not':
      stamp(e.item, loc);
      break;
    case 'and':
    case 'or':
      for (const item of e.items) stamp(item, loc);
  }
  return e;
}

/** Top-level conjuncts of an expression. */
export function exprConjuncts(e: Expr): Expr[] {
  if (e.t === 'and') return e.items.flatMap(exprConjuncts);
  return e.t === 'true' ? [] : [e];
}

/** Fields an expression reads. */
export function exprFields(e: Expr): string[] {
  switch (e.t) {
    case 'leaf':
      return e.leaf.otherField === undefined ? [e.leaf.field] : [e.leaf.field, e.leaf.otherField];
    case 'unsupported':
      return e.fields;
    case 'not':
      return exprFields(e.item);
    case 'and':
    case 'or':
      return e.items.flatMap(exprFields);
    default:
      return [];
  }
}

/**
 * Turns an expression into a condition that every matching event satisfies (a superset filter): an
 * unsupported piece, or a leaf that `keep` refuses, becomes "true" where it counts positively and "false"
 * under a negation; the constants then fold away. `keep` may also rename a leaf's field or replace the leaf by a condition.
 * Returns "true" when nothing constrains, "false" when nothing can match.
 */
export function lower(
  e: Expr,
  keep: (leaf: Leaf) => Condition | undefined,
  onDrop: (reason: string, fields: string[]) => void,
): Condition | boolean {
  const walk = (x: Expr, positive: boolean): Condition | boolean => {
    switch (x.t) {
      case 'true':
        return true;
      case 'unsupported':
        onDrop(x.reason, x.fields);
        return positive;
      case 'leaf': {
        const kept = keep(x.leaf);
        return kept ?? positive;
      }
      case 'not': {
        const inner = walk(x.item, !positive);
        return typeof inner === 'boolean' ? !inner : (not(inner) as Condition);
      }
      case 'and': {
        const parts: Condition[] = [];
        for (const item of x.items) {
          const r = walk(item, positive);
          if (r === false) return false;
          if (r !== true) parts.push(r);
        }
        return and(...parts) ?? true;
      }
      case 'or': {
        const parts: Condition[] = [];
        for (const item of x.items) {
          const r = walk(item, positive);
          if (r === true) return true;
          if (r !== false) parts.push(r);
        }
        return or(...parts) ?? false;
      }
    }
  };
  return walk(e, true);
}

export function conditionFields(c: Condition): string[] {
  return leavesOf(c).map((l) => l.field);
}
