/** Building and simplifying condition trees. Extractors build through these so one-child nodes collapse. */
import type { And, Condition, Leaf, LeafKind, Not, Or, RuleLogic, Value } from './types.ts';

export function leaf(field: string, kind: LeafKind, values: Value[] = [], extra: Partial<Leaf> = {}): Leaf {
  return { type: 'leaf', field, kind, values, ...extra };
}

/** And of the children, flattening nested ands; one child is returned as is. */
export function and(...children: (Condition | undefined)[]): Condition | undefined {
  const flat: Condition[] = [];
  for (const c of children) {
    if (!c) continue;
    if (c.type === 'and') flat.push(...c.children);
    else flat.push(c);
  }
  if (flat.length === 0) return undefined;
  if (flat.length === 1) return flat[0];
  return { type: 'and', children: flat } satisfies And;
}

/** Or of the children, flattening nested ors; one child is returned as is. */
export function or(...children: (Condition | undefined)[]): Condition | undefined {
  const flat: Condition[] = [];
  for (const c of children) {
    if (!c) continue;
    if (c.type === 'or') flat.push(...c.children);
    else flat.push(c);
  }
  if (flat.length === 0) return undefined;
  if (flat.length === 1) return flat[0];
  return { type: 'or', children: flat } satisfies Or;
}

/** Negation; a double negation cancels out. */
export function not(child: Condition | undefined): Condition | undefined {
  if (!child) return undefined;
  if (child.type === 'not') return child.child;
  return { type: 'not', child } satisfies Not;
}

/** Splits a condition into its top-level conjuncts. */
export function conjunctsOf(c: Condition | undefined): Condition[] {
  if (!c) return [];
  return c.type === 'and' ? [...c.children] : [c];
}

/** A logic result with nothing extracted. */
export function noLogic(reason: string, extra: Partial<RuleLogic> = {}): RuleLogic {
  return { status: 'none', conjuncts: [], reasons: [reason], outputFields: [], diagnostics: [], ...extra };
}

/** A logic result from a condition: partial when any reason is given. */
export function logicFrom(
  condition: Condition | undefined,
  reasons: string[] = [],
  extra: Partial<RuleLogic> = {},
): RuleLogic {
  const conjuncts = conjunctsOf(condition);
  if (conjuncts.length === 0) {
    return noLogic(reasons[0] ?? 'no filter conditions found', { ...extra, reasons: reasons.length ? reasons : ['no filter conditions found'] });
  }
  return {
    status: reasons.length ? 'partial' : 'full',
    conjuncts,
    reasons: [...new Set(reasons)],
    outputFields: [],
    diagnostics: [],
    ...extra,
  };
}

/** Every leaf of a condition, in order. */
export function leavesOf(c: Condition): Leaf[] {
  switch (c.type) {
    case 'leaf':
      return [c];
    case 'not':
      return leavesOf(c.child);
    default:
      return c.children.flatMap(leavesOf);
  }
}

/** Unique strings, first occurrence kept. */
export function uniq<T>(items: T[]): T[] {
  return [...new Set(items)];
}
