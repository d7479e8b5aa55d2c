/**
 * Working conditions of the Python extractor: the condition tree plus constants (true/false) and unknown
 * parts, simplified as they are built, then turned into a plain Condition by `finalize`.
 */
import type { Derivation } from '../../logic/derive.ts';
import type { Condition, Leaf, Scope } from '../../logic/types.ts';
import { and, not, or, scope } from '../../logic/tree.ts';

export type C =
  | { type: 'true' }
  | { type: 'false' }
  /**
   * Something we cannot follow; `id` keeps two unknowns (or one and its negation) from reading as equal.
   * `implies`: what holds whenever it holds (a parsed date needs its field set); `impliesNot`: what holds whenever
   * it does not. Left out of a tree, it leaves these behind instead of nothing.
   */
  | { type: 'unknown'; reason: string; id: number; implies?: C; impliesNot?: C }
  | { type: 'leaf'; leaf: Leaf }
  | { type: 'and'; cs: C[] }
  | { type: 'or'; cs: C[] }
  | { type: 'not'; c: C }
  /** Some element of the list `field` satisfies `c`, whose leaf fields are relative to that element (loops over items). */
  | { type: 'scope'; field: string; c: C; list?: ComputedList };

/** A list the rule computes (`shlex.split(x)`): the functions it calls and its derivation, as a Scope carries them. */
export interface ComputedList {
  computed: string[];
  derive: Derivation;
}

export const TRUE: C = { type: 'true' };
export const FALSE: C = { type: 'false' };
let unknownIds = 0;
export const unknownC = (reason: string, bounds: { implies?: C; impliesNot?: C } = {}): C => {
  const c: C = { type: 'unknown', reason, id: ++unknownIds };
  if (bounds.implies && bounds.implies.type !== 'true') c.implies = bounds.implies;
  if (bounds.impliesNot && bounds.impliesNot.type !== 'true') c.impliesNot = bounds.impliesNot;
  return c;
};
export const leafC = (leaf: Leaf): C => ({ type: 'leaf', leaf });

const key = (c: C): string => JSON.stringify(c);

function flatten(kind: 'and' | 'or', cs: C[]): C[] {
  const out: C[] = [];
  const seen = new Set<string>();
  for (const c of cs) {
    const items = c.type === kind ? c.cs : [c];
    for (const item of items) {
      const k = key(item);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(item);
      }
    }
  }
  return out;
}

/** Key of the negation: `not X` ↔ `X`, `f is_null` ↔ `f is_not_null`. */
function negatedKey(c: C): string {
  if (c.type === 'not') return key(c.c);
  if (c.type === 'leaf' && (c.leaf.kind === 'is_null' || c.leaf.kind === 'is_not_null')) {
    return key(leafC({ ...c.leaf, kind: c.leaf.kind === 'is_null' ? 'is_not_null' : 'is_null' }));
  }
  return key({ type: 'not', c });
}

/** True when the conjuncts (by key) rule `d` out: its negation is one of them, or it is `not (all of them)`. */
function contradicted(d: C, keys: Set<string>): boolean {
  if (keys.has(negatedKey(d))) return true;
  return d.type === 'not' && d.c.type === 'and' && d.c.cs.every((x) => keys.has(key(x)));
}

const POSITIVE_KINDS = new Set(['eq', 'in', 'contains', 'startswith', 'endswith', 'regex', 'wildcard', 'cidr', 'gt', 'gte', 'lt', 'lte']);

export function cAnd(...input: C[]): C {
  if (input.some((c) => c.type === 'false')) return FALSE;
  let cs = flatten('and', input.filter((c) => c.type !== 'true'));
  // A positive test on a field (or on a field inside it) already says the field is present; so does a scope
  // (some element of the list passes: the list is not empty) unless it may be left out as unknown.
  const tested = cs.flatMap((c) =>
    c.type === 'leaf' && POSITIVE_KINDS.has(c.leaf.kind) && !c.leaf.computed ? [c.leaf.field] : c.type === 'scope' && unknownReasons(c).length === 0 ? [c.field] : [],
  );
  const implied = (field: string) => tested.some((t) => t === field || t.startsWith(`${field}.`));
  cs = cs.filter((c) => !(c.type === 'leaf' && c.leaf.kind === 'is_not_null' && implied(c.leaf.field)));
  // `x is not None` beside `x` truthy (`if x is None: return ...` then `len(x) >= 1`): the truth test says both.
  const truthy = new Set(cs.flatMap((c) => (c.type === 'leaf' && c.leaf.kind === 'is_not_null' && c.leaf.match === 'empty' ? [c.leaf.field] : [])));
  cs = cs.filter((c) => !(c.type === 'leaf' && c.leaf.kind === 'is_not_null' && c.leaf.match !== 'empty' && truthy.has(c.leaf.field)));
  cs = dropImpliedByExactValues(cs);
  // Contradiction: X and not X.
  const keys = new Set(cs.map(key));
  if (cs.some((c) => keys.has(negatedKey(c)))) return FALSE;
  // Given the sibling conjuncts: drop disjuncts they contradict, and disjunctions they already satisfy.
  if (cs.some((c) => c.type === 'or')) {
    const simplified: C[] = [];
    for (const c of cs) {
      if (c.type !== 'or') {
        simplified.push(c);
        continue;
      }
      if (c.cs.some((d) => keys.has(key(d)))) continue;
      const kept = c.cs.filter((d) => !contradicted(d, keys));
      if (kept.length === 0) return FALSE;
      simplified.push(kept.length === c.cs.length ? c : cOr(...kept));
    }
    if (simplified.length !== cs.length || simplified.some((c, i) => c !== cs[i])) return cAnd(...simplified);
  }
  if (cs.length === 0) return TRUE;
  if (cs.length === 1) return cs[0];
  return { type: 'and', cs };
}

const exactValues = (c: C): Leaf | undefined =>
  c.type === 'leaf' && (c.leaf.kind === 'eq' || c.leaf.kind === 'in') && !c.leaf.all && c.leaf.otherField === undefined ? c.leaf : undefined;

const STRING_TESTS = new Set(['startswith', 'endswith', 'contains']);

/** True when the string value passes the startswith / endswith / contains leaf. */
function passes(test: Leaf, v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const fold = (x: string) => (test.caseSensitive ? x : x.toLowerCase());
  return test.values.some((w) => {
    if (typeof w !== 'string') return false;
    const [a, b] = [fold(v), fold(w)];
    return test.kind === 'startswith' ? a.startsWith(b) : test.kind === 'endswith' ? a.endsWith(b) : a.includes(b);
  });
}

/**
 * Beside `a eq "X"`, `not a in ["Y", "Z"]` excludes nothing and `a in ["X", "Y"]` adds nothing: both go, so that
 * exclusions are real ones (a data-model lookup such as udm("event_type") == ... yields all three).
 */
function dropImpliedByExactValues(cs: C[]): C[] {
  const exact = cs.map(exactValues).filter((l): l is Leaf => l !== undefined);
  if (exact.length === 0) return cs;
  const sameField = (a: Leaf, b: Leaf) => a.field === b.field && a.caseSensitive === b.caseSensitive;
  return cs.filter((c) => {
    if (c.type === 'leaf' && STRING_TESTS.has(c.leaf.kind) && !c.leaf.all) {
      const test = c.leaf;
      // `action startswith "team"` beside `action in ["team.create", ...]` adds nothing.
      // (Only when the in-list is at least as case-strict as the test: `x.lower() in [...]` lets "TEAM.A" through.)
      return !exact.some((e) => e.field === test.field && (e.caseSensitive || !test.caseSensitive) && e.values.every((v) => passes(test, v)));
    }
    const own = exactValues(c);
    if (own) return !exact.some((e) => e !== own && sameField(e, own) && e.values.length < own.values.length && e.values.every((v) => own.values.includes(v)));
    const negated = c.type === 'not' ? exactValues(c.c) : undefined;
    if (!negated) return true;
    return !exact.some((e) => sameField(e, negated) && e.values.every((v) => !negated.values.includes(v)));
  });
}

/** `not a eq 1 and not a eq 2` reads better as `not a in [1, 2]`. */
function mergeNegatedLeaves(cs: C[]): C[] {
  const negatedLeaves = cs.filter((c) => c.type === 'not' && c.c.type === 'leaf' && MERGEABLE.has(c.c.leaf.kind));
  if (negatedLeaves.length < 2) return cs;
  const merged = mergeLeaves(negatedLeaves.map((c) => (c as { c: C }).c));
  if (merged.length === negatedLeaves.length) return cs;
  // The merged negations take the place of the first one.
  const first = cs.indexOf(negatedLeaves[0]);
  const out = cs.filter((c, i) => i < first || !negatedLeaves.includes(c));
  out.splice(first, 0, ...merged.map((m) => ({ type: 'not', c: m }) as C));
  return out;
}

export function cOr(...input: C[]): C {
  if (input.some((c) => c.type === 'true')) return TRUE;
  let cs = flatten('or', input.filter((c) => c.type !== 'false'));
  // Absorption: X or (not X and Y) = X or Y; also A or B or (not (A or B) and Y) = A or B or Y.
  const keys = new Set(cs.map(key));
  const absorbed = (d: C) => keys.has(negatedKey(d)) || (d.type === 'not' && d.c.type === 'or' && d.c.cs.every((x) => keys.has(key(x))));
  cs = cs.map((c) => (c.type === 'and' ? cAnd(...c.cs.filter((d) => !absorbed(d))) : c));
  if (cs.some((c) => c.type === 'true')) return TRUE;
  cs = flatten('or', cs);
  if (cs.some((c) => keys.has(negatedKey(c)))) return TRUE;
  // A or (A and B) = A; `f eq "x" or f is_not_null` = f is_not_null (a truthy value is set).
  const alternatives = new Set(cs.map(key));
  const set = cs.flatMap((c) => (c.type === 'leaf' && c.leaf.kind === 'is_not_null' ? [c.leaf.field] : []));
  // (Not regex or wildcard leaves: `^$` or `*` match an empty value.)
  const impliesSet = (c: C) =>
    c.type === 'leaf' && POSITIVE_KINDS.has(c.leaf.kind) && c.leaf.kind !== 'regex' && c.leaf.kind !== 'wildcard' && !c.leaf.all && c.leaf.values.every((v) => !!v) && set.some((f) => c.leaf.field === f || c.leaf.field.startsWith(`${f}.`));
  cs = cs.filter((c) => !(c.type === 'and' && c.cs.some((d) => alternatives.has(key(d)))) && !impliesSet(c));
  if (cs.length === 0) return FALSE;
  if (cs.length === 1) return cs[0];
  return { type: 'or', cs: mergeLeaves(cs) };
}

export function cNot(c: C): C {
  switch (c.type) {
    case 'true':
      return FALSE;
    case 'false':
      return TRUE;
    case 'not':
      return c.c;
    case 'unknown':
      // The same unknown negated (not a new one): `U or (not U and Y)` then reads `U or Y`.
      return { type: 'not', c };
    case 'leaf':
      if (c.leaf.kind === 'is_null') return leafC({ ...c.leaf, kind: 'is_not_null' });
      if (c.leaf.kind === 'is_not_null') return leafC({ ...c.leaf, kind: 'is_null' });
      return { type: 'not', c };
    case 'scope':
      return { type: 'not', c };
    default:
      // not (not A or B) reads better as A and not B: push the negation in when it cancels one.
      if (c.cs.some((x) => x.type === 'not')) return c.type === 'or' ? cAnd(...c.cs.map(cNot)) : cOr(...c.cs.map(cNot));
      return { type: 'not', c };
  }
}

const MERGEABLE = new Set(['eq', 'in', 'contains', 'startswith', 'endswith', 'regex', 'wildcard']);

/** `a eq 1 or a eq 2` reads better as `a in [1, 2]`; same for several contains/startswith/... on one field. */
function mergeLeaves(cs: C[]): C[] {
  const out: C[] = [];
  const slot = new Map<string, number>();
  for (const c of cs) {
    if (c.type !== 'leaf' || !MERGEABLE.has(c.leaf.kind) || c.leaf.all || c.leaf.otherField !== undefined) {
      out.push(c);
      continue;
    }
    const kind = c.leaf.kind === 'eq' ? 'in' : c.leaf.kind;
    const k = `${c.leaf.field}\u0000${kind}\u0000${c.leaf.caseSensitive}`;
    const at = slot.get(k);
    if (at === undefined) {
      slot.set(k, out.length);
      out.push(c);
      continue;
    }
    const prev = (out[at] as { leaf: Leaf }).leaf;
    const values = [...prev.values];
    for (const v of c.leaf.values) if (!values.includes(v)) values.push(v);
    out[at] = leafC({ ...prev, kind, values });
  }
  return out;
}

/**
 * True when `c` can only hold if `test` is false: `eventName in [A, B]` excludes `eventName eq "C"`.
 * Lets `if X == "C": return ...` followed by `return X in [A, B]` drop the redundant `not X eq "C"`.
 */
export function excludes(c: C, test: C): boolean {
  if (test.type !== 'leaf' || (test.leaf.kind !== 'eq' && test.leaf.kind !== 'in')) {
    if (test.type === 'or') return test.cs.every((t) => excludes(c, t));
    return false;
  }
  const t = test.leaf;
  const conjuncts = c.type === 'and' ? c.cs : [c];
  return conjuncts.some((d) => {
    if (d.type === 'or') return d.cs.every((e) => excludes(e, test));
    if (d.type !== 'leaf' || d.leaf.field !== t.field || d.leaf.otherField !== undefined || t.otherField !== undefined) return false;
    if (d.leaf.kind !== 'eq' && d.leaf.kind !== 'in') return false;
    if (d.leaf.caseSensitive !== t.caseSensitive) return false;
    return d.leaf.values.every((v) => !t.values.includes(v));
  });
}

/** Reasons of the unknown parts left in a condition. */
export function unknownReasons(c: C): string[] {
  switch (c.type) {
    case 'unknown':
      return [c.reason];
    case 'and':
    case 'or':
      return c.cs.flatMap(unknownReasons);
    case 'not':
    case 'scope':
      return unknownReasons(c.c);
    default:
      return [];
  }
}

/**
 * The condition without its unknown parts, simplified again (`X or not X` can appear once unknowns go). The result
 * holds wherever `c` holds (under a negation: holds only where `c` holds), so a partial tree never misses a match.
 */
export function stripUnknown(c: C, negated = false): C | undefined {
  switch (c.type) {
    case 'unknown': {
      // What the unknown part implies is a condition it meets; under a negation, what its negation implies, negated.
      if (!negated) return c.implies && stripUnknown(c.implies);
      const not = c.impliesNot && stripUnknown(c.impliesNot);
      return not && cNot(not);
    }
    case 'and':
    case 'or': {
      const stripped = c.cs.map((x) => stripUnknown(x, negated));
      // `A or <unknown>` cannot be narrowed to A: the rule also fires when the unknown part holds, so the whole
      // `or` is unknown. Under a negation the same goes for `A and <unknown>`: not A would exclude too much.
      if ((c.type === 'and') === negated && stripped.some((x) => x === undefined)) return undefined;
      const kept = stripped.filter((x): x is C => x !== undefined);
      if (kept.length === 0) return undefined;
      return c.type === 'and' ? cAnd(...kept) : cOr(...kept);
    }
    case 'not': {
      const inner = stripUnknown(c.c, !negated);
      return inner && cNot(inner);
    }
    case 'scope': {
      const inner = stripUnknown(c.c, negated);
      return inner && scopeOf(c.field, inner, c.list);
    }
    default:
      return c;
  }
}

/**
 * The structured part of a condition: unknown parts are left out (the rule is then marked partial).
 * Returns undefined when nothing filters (true, false, or only unknowns).
 */
export function finalize(c: C): Condition | undefined {
  const stripped = stripUnknown(c);
  return stripped && toCondition(stripped);
}

function toCondition(c: C): Condition | undefined {
  switch (c.type) {
    case 'leaf':
      return c.leaf;
    case 'and':
      return and(...mergeNegatedLeaves(c.cs).map(toCondition));
    case 'or':
      return or(...c.cs.map(toCondition));
    case 'not': {
      const inner = toCondition(c.c);
      return inner && not(inner);
    }
    case 'scope': {
      const s = scope('any', c.field, toCondition(c.c), c.list?.computed);
      return s && c.list ? ({ ...(s as Scope), derive: c.list.derive } satisfies Scope) : s;
    }
    default:
      return undefined;
  }
}

/** Leaf kinds that hold on a list field exactly when they hold on some element's field. */
const PER_ELEMENT = new Set(['eq', 'in', 'contains', 'startswith', 'endswith', 'regex', 'wildcard', 'cidr', 'gt', 'gte', 'lt', 'lte', 'is_not_null']);

/**
 * "Some element of `list` passes `test`". A test that is one positive comparison of one field of the element says
 * the same as that comparison on the list's field (`any Grants (Permission eq "WRITE")` is `Grants.Permission eq
 * "WRITE"`): the shorter form.
 */
export function scopeOf(list: string, test: C, computed?: ComputedList): C {
  if (computed) return { type: 'scope', field: list, c: test, list: computed };
  const plain = test.type === 'leaf' && !test.leaf.derive && !test.leaf.computed && test.leaf.otherField === undefined;
  if (test.type === 'leaf' && plain && test.leaf.field !== '.' && PER_ELEMENT.has(test.leaf.kind) && !test.leaf.all) {
    return leafC({ ...test.leaf, field: `${list}.${test.leaf.field}` });
  }
  return { type: 'scope', field: list, c: test };
}
