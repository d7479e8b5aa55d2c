/** What a rule page shows from its tree: exclusions (top-level NOT conjuncts) and indicators (positive leaves). */
import { and, leavesOf, not } from './tree.ts';
import type { Condition, Leaf, LeafKind, MatchKind, Or, Value } from './types.ts';

export interface FieldKindValues {
  field: string;
  kind: LeafKind;
  values: Value[];
  all?: boolean;
  caseSensitive?: boolean;
  match?: MatchKind;
}

function row(l: Leaf): FieldKindValues {
  // Values kept in a named list elsewhere (a Sublime $list, a KQL subquery or externaldata) are that list, named as
  // the condition line names it, never a literal value such as "TorNodes".
  const values = l.listRef !== undefined ? [`$${l.listRef}`] : l.values;
  return { field: l.field, kind: l.kind, values, all: l.all, caseSensitive: l.caseSensitive, match: l.match };
}

/** Every leaf of the top-level `not (...)` conjuncts, one row each; pages list `exclusionBranches` instead. */
export function exclusionsOf(conjuncts: Condition[]): FieldKindValues[] {
  return conjuncts.filter((c) => c.type === 'not').flatMap((c) => leavesOf(c).map(row));
}

/**
 * The branches a rule excludes, one per row. Each top-level `not X` conjunct gives X's or-branches
 * (`not (A or B)` excludes A and excludes B), and an and-group stays one branch (`not (A and B)` excludes only
 * events with both A and B). A top-level escape disjunction `not A or B` (`where not A or B`, "A implies B")
 * excludes the one branch `A and not B`: ES|QL's `not file.directory == "x" or file.directory is null` excludes
 * file.directory == "x" when it is set.
 */
export function exclusionBranches(conjuncts: Condition[]): Condition[] {
  return conjuncts.flatMap((c): Condition[] => {
    if (c.type === 'not') return c.child.type === 'or' ? c.child.children : [c.child];
    if (!isEscape(c)) return [];
    const branch = and(...c.children.map((child) => (child.type === 'not' ? child.child : not(child))));
    return branch ? [branch] : [];
  });
}

/** An or with a negated child: `not A or B` reads "A implies B", a suppression with an escape, not alternatives to look for. */
function isEscape(c: Condition): c is Or {
  return c.type === 'or' && c.children.some((child) => child.type === 'not');
}

/**
 * Leaves the rule matches positively. A leaf is an indicator when the path from a top-level conjunct to it
 * crosses an even number of negations and no escape disjunction: an or-like node (an `or`, or an `and` under
 * a negation) one of whose children is negated relative to it. In `not A or B` neither A (excluded) nor B (the
 * escape that lets an excluded event through) is something the rule looks for; in `not (A and not B)` neither is.
 */
export function indicatorsOf(conjuncts: Condition[]): FieldKindValues[] {
  const out: Leaf[] = [];
  const walk = (c: Condition, negated: boolean) => {
    switch (c.type) {
      case 'leaf':
        // A comparison of two fields names no value to look for.
        if (!negated && c.otherField === undefined) out.push(c);
        return;
      case 'not':
        return walk(c.child, !negated);
      case 'scope':
        return walk(c.child, negated);
      default: {
        const orLike = (c.type === 'or') !== negated;
        if (orLike && c.children.some((child) => child.type === 'not')) return;
        for (const child of c.children) walk(child, negated);
      }
    }
  };
  for (const c of conjuncts) walk(c, false);
  return out.map(row);
}
