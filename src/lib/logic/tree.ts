/** Building and simplifying condition trees. Extractors build through these so one-child nodes collapse. */
import type { And, Condition, Leaf, LeafKind, MatchKind, Not, Or, RuleLogic, Scope, Stage, Value } from './types.ts';

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

/** The condition whose conjunctsOf() is `conjuncts`: unlike and(), it leaves a conjunct that is an `and` whole. */
export function conditionOf(conjuncts: Condition[]): Condition | undefined {
  return conjuncts.length > 1 ? { type: 'and', children: [...conjuncts] } : conjuncts[0];
}

/** A logic result with nothing extracted. */
export function noLogic(reason: string, extra: Partial<RuleLogic> = {}): RuleLogic {
  return { status: 'none', conjuncts: [], reasons: [reason], outputFields: [], diagnostics: [], ...extra };
}

/** The reason logicFrom gives when a result has no conjuncts and no reason of its own. */
export const NO_FILTER_CONDITIONS = 'no filter conditions found';

/**
 * The reasons a query itself gives. A query that filters nothing (an empty kuery, `from logs-*`) comes back as
 * none with logicFrom's stand-in reason; a caller that adds conditions of its own (Elastic's filters and rule type,
 * a Sigma correlation's stage) drops the stand-in and says it only when nothing is expressed.
 */
export function ownReasons(logic: RuleLogic): string[] {
  const standIn = logic.status === 'none' && logic.reasons.length === 1 && logic.reasons[0] === NO_FILTER_CONDITIONS;
  return standIn ? [] : logic.reasons;
}

/** A logic result from a condition: partial when any reason is given. */
export function logicFrom(
  condition: Condition | undefined,
  reasons: string[] = [],
  extra: Partial<RuleLogic> = {},
): RuleLogic {
  const conjuncts = conjunctsOf(condition);
  if (conjuncts.length === 0) {
    return noLogic(reasons[0] ?? NO_FILTER_CONDITIONS, { ...extra, reasons: reasons.length ? reasons : [NO_FILTER_CONDITIONS] });
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

/** "any/all element of `field` satisfies `child`"; `computed` names the functions when the list is computed. */
export function scope(quantifier: Scope['quantifier'], field: string, child: Condition | undefined, computed?: string[]): Condition | undefined {
  if (!child) return undefined;
  return { type: 'scope', quantifier, field, ...(computed?.length && { computed }), child } satisfies Scope;
}

/** Every leaf of a condition, in order (leaves under a scope keep their element-relative field). */
export function leavesOf(c: Condition): Leaf[] {
  switch (c.type) {
    case 'leaf':
      return [c];
    case 'not':
    case 'scope':
      return leavesOf(c.child);
    default:
      return c.children.flatMap(leavesOf);
  }
}

/** Every leaf with its field as a path from the event: under a scope, the list's path then the element-relative field. */
export function leavesWithPaths(c: Condition, prefix = ''): { leaf: Leaf; path: string }[] {
  const join = (a: string, b: string) => (a && b ? `${a}.${b}` : a || b);
  switch (c.type) {
    case 'leaf':
      return [{ leaf: c, path: c.field === '*' ? c.field : join(prefix, c.field) }];
    case 'not':
      return leavesWithPaths(c.child, prefix);
    case 'scope':
      return leavesWithPaths(c.child, join(prefix, c.field));
    default:
      return c.children.flatMap((x) => leavesWithPaths(x, prefix));
  }
}

/** The same tree with every leaf replaced by `f(leaf)`; structure (and/or/not/scope) is kept. */
export function mapLeaves(c: Condition, f: (l: Leaf) => Leaf): Condition {
  switch (c.type) {
    case 'leaf':
      return f(c);
    case 'not':
      return { type: 'not', child: mapLeaves(c.child, f) };
    case 'scope':
      return { ...c, child: mapLeaves(c.child, f) };
    default:
      return { type: c.type, children: c.children.map((child) => mapLeaves(child, f)) } as Condition;
  }
}

/** The tree without source locations (for comparisons and golden files). */
export function withoutLocations(c: Condition): Condition {
  return mapLeaves(c, ({ loc: _loc, ...rest }) => rest);
}

/** The logic with `f` applied to every top-level condition of its filter and of each stage. */
export function mapConditions<T extends Pick<RuleLogic, 'conjuncts' | 'stages'>>(logic: T, f: (c: Condition) => Condition): T {
  return {
    ...logic,
    conjuncts: logic.conjuncts.map(f),
    ...(logic.stages && { stages: logic.stages.map((s) => ({ ...s, conjuncts: s.conjuncts.map(f) })) }),
  };
}

/** The stages of a rule's logic: its `stages`, or one unnamed stage holding `conjuncts`. */
export function logicStages(logic: RuleLogic): Stage[] {
  return logic.stages ?? [{ conjuncts: logic.conjuncts }];
}

/** Every top-level conjunct of every stage (for derivations that read all of a rule's leaves). */
export function allConjuncts(logic: RuleLogic): Condition[] {
  return logicStages(logic).flatMap((s) => s.conjuncts);
}

const DEFAULT_MATCH: Record<LeafKind, MatchKind> = {
  eq: 'exact',
  ne: 'exact',
  in: 'exact',
  contains: 'substring',
  startswith: 'prefix',
  endswith: 'suffix',
  regex: 'regex',
  wildcard: 'wildcard',
  cidr: 'cidr',
  gt: 'range',
  gte: 'range',
  lt: 'range',
  lte: 'range',
  is_null: 'exists',
  is_not_null: 'exists',
  keyword: 'fulltext',
};

/** The leaf's effective match kind: its own `match`, else the default of its `kind`. */
export function leafMatch(l: Leaf): MatchKind {
  return l.match ?? DEFAULT_MATCH[l.kind];
}

/** Unique strings, first occurrence kept. */
export function uniq<T>(items: T[]): T[] {
  return [...new Set(items)];
}
