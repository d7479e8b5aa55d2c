/** What a rule page shows from its tree: exclusions (top-level NOT conjuncts) and indicators (positive leaves). */
import { leavesOf } from './tree.ts';
import type { Condition, Leaf, LeafKind, Value } from './types.ts';

export interface FieldKindValues {
  field: string;
  kind: LeafKind;
  values: Value[];
  all?: boolean;
  caseSensitive?: boolean;
}

function row(l: Leaf): FieldKindValues {
  return { field: l.field, kind: l.kind, values: l.values, all: l.all, caseSensitive: l.caseSensitive };
}

/** Leaves of the top-level `not (...)` conjuncts: what the rule actively suppresses. */
export function exclusionsOf(conjuncts: Condition[]): FieldKindValues[] {
  return conjuncts.filter((c) => c.type === 'not').flatMap((c) => leavesOf(c).map(row));
}

/**
 * The branches a rule excludes, one per row: each top-level `not X` conjunct gives X's or-branches
 * (`not (A or B)` excludes A and excludes B), and an and-group stays one branch (`not (A and B)` excludes
 * only events with both A and B).
 */
export function exclusionBranches(conjuncts: Condition[]): Condition[] {
  return conjuncts.flatMap((c) => (c.type !== 'not' ? [] : c.child.type === 'or' ? c.child.children : [c.child]));
}

/** Leaves the rule matches positively: every leaf not under an odd number of negations. */
export function indicatorsOf(conjuncts: Condition[]): FieldKindValues[] {
  const out: Leaf[] = [];
  const walk = (c: Condition, negated: boolean) => {
    switch (c.type) {
      case 'leaf':
        if (!negated) out.push(c);
        return;
      case 'not':
        return walk(c.child, !negated);
      case 'scope':
        return walk(c.child, negated);
      default:
        for (const child of c.children) walk(child, negated);
    }
  };
  for (const c of conjuncts) walk(c, false);
  return out.map(row);
}
