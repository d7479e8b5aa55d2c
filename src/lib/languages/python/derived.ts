/**
 * Values the rule computes from one event value (`x.split("/")[3]`, `len(x)`, `isinstance(x, dict)`), read as
 * computed leaves that carry their computation as derivation steps (logic/derive.ts): the page states the test as
 * written and the evaluator decides it. Used where no plain leaf says the same (compare.ts keeps the plain forms:
 * `x.split(":")[0] == "a"` stays `x eq "a" or x startswith "a:"`).
 */
import type { CompareOp } from './ast.ts';
import type { Derivation, DeriveStep } from '../../logic/derive.ts';
import type { Leaf, LeafKind, Value } from '../../logic/types.ts';
import { FALSE, cAnd, cOr, leafC, unknownC, type C, type ComputedList } from './conditions.ts';
import { isDict, isScalar, iterConst, type PyVal, type Sym } from './values.ts';

export type Derived = Extract<Sym, { k: 'derived' }>;
type Field = Extract<Sym, { k: 'field' }>;
type Part = Extract<Sym, { k: 'part' }>;

const ORDER: Partial<Record<CompareOp, LeafKind>> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const literal = (v: PyVal) => JSON.stringify(v);

/** The text as the argument of a call: `len(x or "")`, not `len((x or ""))`. */
export const argument = (d: Derived) => (d.steps.length === 0 && d.text.startsWith('(') ? d.text.slice(1, -1) : d.text);

/** One more step: its Python spelling wraps or extends the text; `fn` is the function it calls, if any. */
export function withStep(d: Derived, step: DeriveStep, text: string, fn?: string): Derived {
  return { ...d, steps: [...d.steps, step], text, fns: fn && !d.fns.includes(fn) ? [...d.fns, fn] : d.fns };
}

/**
 * A field as the start of a computation. Undefined for the event itself, a field read through listify() or a dict
 * view, and a list or dict default (a derivation's default is a scalar).
 */
export function derivedOf(f: Field): Derived | undefined {
  if (!f.path.length || f.list || f.view || (f.def !== undefined && !isScalar(f.def))) return undefined;
  const path = f.path.join('.');
  const hasDefault = f.def !== undefined && f.def !== null;
  let d: Derived = { k: 'derived', from: { k: 'field', path: f.path, ...(hasDefault && { def: f.def }) }, steps: [], text: hasDefault ? `(${path} or ${literal(f.def!)})` : path, fns: [] };
  if (f.distinct) d = withStep(d, { fn: 'distinct' }, `set(${argument(d)})`, 'set');
  if (f.text) d = withStep(d, { fn: 'string' }, `str(${argument(d)})`, 'str');
  if (f.lower) d = withStep(d, { fn: 'lower' }, `${d.text}.lower()`, 'lower');
  return d;
}

/**
 * `x.keys()` / `x.values()` of an event dict as a computed list, for loops and any()/all() over it. A missing dict
 * (or its empty default, `x.get("d", {})`) has no keys: the derivation yields no list, and a scope none of its items.
 */
export function dictViewList(f: Field): Derived | undefined {
  if ((f.view !== 'keys' && f.view !== 'values') || !f.path.length || f.list || f.text || f.lower) return undefined;
  const emptyDefault = f.def === undefined || f.def === null || (isDict(f.def) && f.def.dict.length === 0);
  if (!emptyDefault) return undefined;
  const d = derivedOf({ k: 'field', path: f.path });
  return d && withStep(d, { fn: f.view }, `${d.text}.${f.view}()`, f.view);
}

/** x.split(sep)[0], [-1] or [n] (compare.ts `part`) as a computation. */
export function partDerived(p: Part): Derived | undefined {
  const d = derivedOf(p.of);
  const index = p.nth ?? (p.last ? -1 : 0);
  return d && withStep(withStep(d, { fn: 'split', args: [p.sep] }, `${d.text}.split(${literal(p.sep)})`, 'split'), { fn: 'index', args: [index] }, `${d.text}.split(${literal(p.sep)})[${index}]`);
}

/** x.split(sep) (unlimited) as a computation: a list. */
export function splitDerived(s: Extract<Sym, { k: 'split' }>): Derived | undefined {
  if (s.limited) return undefined;
  const d = derivedOf(s.of);
  return d && withStep(d, { fn: 'split', args: [s.sep] }, `${d.text}.${s.fromRight ? 'rsplit' : 'split'}(${literal(s.sep)})`, s.fromRight ? 'rsplit' : 'split');
}

/** A value as a computation, when it is one: a field, a split part, an unlimited split, or already derived. */
export function asDerived(s: Sym): Derived | undefined {
  if (s.k === 'derived') return s;
  if (s.k === 'field') return derivedOf(s);
  if (s.k === 'part') return partDerived(s);
  if (s.k === 'split') return splitDerived(s);
  return undefined;
}

/** How many capturing groups a pattern has (Infinity when JavaScript cannot read it). */
export function groupCount(pattern: string): number {
  try {
    return (new RegExp(`${pattern.replace(/\(\?P</g, '(?<')}|`).exec('')?.length ?? 1) - 1;
  } catch {
    return Infinity;
  }
}

/** re.findall with several groups: a list of tuples, so one item of it is still a list (of the groups). */
const tuplesFound = (s: DeriveStep) => s.fn === 'find_all' && typeof s.args?.[0] === 'string' && groupCount(s.args[0]) >= 2;

/** True when the computation yields a list (a split, keys, values, regex matches, or a slice of one). */
export function yieldsList(d: Derived): boolean {
  let depth = 0;
  for (const [i, s] of d.steps.entries()) {
    // A parameter of parsed query parameters is the list of its values.
    if (s.fn === 'get' && d.steps[i - 1]?.fn === 'query_params') depth = 1;
    else if (s.fn === 'split' || s.fn === 'shell_split' || s.fn === 'keys' || s.fn === 'values' || s.fn === 'where' || s.fn === 'pluck') depth = 1;
    else if (s.fn === 'distinct') depth = Math.max(depth, 1);
    else if (s.fn === 'find_all') depth = tuplesFound(s) ? 2 : 1;
    else if (s.fn === 'next_pairs') depth = 2;
    else if (s.fn === 'index') depth = Math.max(0, depth - 1);
    else if (s.fn !== 'slice') depth = 0;
  }
  return depth > 0;
}

/**
 * `a, b = re.findall(p, x)[i]` with p of exactly two groups (or n for n names): each name is one group of that
 * match. Undefined for any other computed value, whose length the rule does not fix (unpacking would raise).
 */
export function unpackedGroups(d: Derived, n: number): Derived[] | undefined {
  const [found, item] = d.steps.slice(-2);
  if (!found || item?.fn !== 'index' || !tuplesFound(found) || groupCount(found.args![0] as string) !== n) return undefined;
  return Array.from({ length: n }, (_, i) => withStep(d, { fn: 'index', args: [i] }, `${d.text}[${i}]`));
}

export function derivedLeaf(d: Derived, kind: LeafKind, values: Value[], otherField?: string): C {
  if (kind !== 'is_null' && kind !== 'is_not_null' && values.length === 0 && otherField === undefined) return FALSE;
  const leaf: Leaf = { type: 'leaf', field: d.text, kind, values, computed: d.fns, derive: derivationOf(d) };
  if (otherField !== undefined) leaf.otherField = otherField;
  // Python compares text exactly; a .lower() is a step of the computation, not a case-insensitive comparison.
  if (kind === 'is_null' || kind === 'is_not_null') leaf.match = 'empty';
  else leaf.caseSensitive = true;
  return leafC(leaf);
}

/** Python truth of a computed value: not None, "", 0, [] or {}. */
export function derivedTruth(d: Derived): C {
  return derivedLeaf(d, 'is_not_null', []);
}

/** Steps whose result is never None: text, lengths, lists, type names, and a part of a split string. */
const NEVER_NONE = new Set(['lower', 'upper', 'trim', 'trim_start', 'trim_end', 'replace', 'concat', 'length', 'split', 'shell_split', 'type', 'string', 'slice', 'keys', 'values', 'find_all', 'ip_is_private', 'ip_is_global', 'base64_payload', 'next_pairs', 'where', 'pluck']);

function neverNone(d: Derived): boolean {
  const last = d.steps.at(-1);
  if (!last) return false;
  if (last.fn === 'index') return d.steps.at(-2)?.fn === 'split';
  return NEVER_NONE.has(last.fn);
}

/** A computed value compared with a constant (`==`, `in`, order); the other operators come negated from the caller. */
export function derivedVsConst(d: Derived, v: PyVal, op: CompareOp): C {
  if (yieldsList(d)) return unknownC('comparison of a computed list');
  if (op === '==' && v === null && neverNone(d)) return FALSE;
  // `x is None`: no value at all (a step that found nothing, as a pycountry lookup's None), not Python falsiness.
  if (op === '==' && v === null) return leafC({ type: 'leaf', field: d.text, kind: 'is_null', values: [], computed: d.fns, derive: derivationOf(d) });
  if (op === '==') return isScalar(v) ? derivedLeaf(d, 'eq', [v]) : unknownC('comparison with a collection');
  if (op === 'in') {
    if (typeof v === 'string') return unknownC('computed value within a constant string');
    const items = iterConst(v) ?? [];
    if (!items.every(isScalar)) return unknownC('membership in a collection of collections');
    return derivedLeaf(d, items.length === 1 ? 'eq' : 'in', items as Value[]);
  }
  const kind = ORDER[op];
  if (kind && (typeof v === 'number' || typeof v === 'string')) return derivedLeaf(d, kind, [v]);
  return unknownC(`comparison: ${op}`);
}

/** `"x" in <computed>`: an element of a computed list, a substring of a computed string. */
export function constInDerived(v: PyVal, d: Derived): C {
  if (!isScalar(v) || v === null) return unknownC('membership of a collection');
  return derivedLeaf(d, yieldsList(d) ? 'eq' : 'contains', [v]);
}

/** The derivation a leaf carries for a computed value. */
/** A computed list as a scope's list: its text, the functions it calls and its derivation. */
export function computedList(d: Derived): { field: string; list: ComputedList } {
  return { field: d.text, list: { computed: d.fns, derive: derivationOf(d) } };
}

export function derivationOf(d: Derived): Derivation {
  const out: Derivation = { from: d.from.path.join('.'), steps: d.steps };
  if (d.from.def !== undefined && d.from.def !== null && isScalar(d.from.def)) out.default = d.from.def;
  return out;
}

/** A value read as is: no step, no default (a plain path says it). */
const plain = (d: Derived) => d.steps.length === 0 && d.from.def === undefined;

/**
 * `a <kind> b` of two event values, either computed (`cluster.endswith(user.split("@")[-1])`,
 * `a.split("@")[-1] == b.split("@")[-1]`): b is the leaf's otherField, spelled as computed and carrying its
 * derivation when it is computed. Undefined when a side is no single event value (the event, listify...).
 */
export function compareValues(left: Field | Derived, kind: LeafKind, right: Field | Derived, membership = false): C | undefined {
  const a = left.k === 'field' ? derivedOf(left) : left;
  const b = right.k === 'field' ? derivedOf(right) : right;
  // `b in a` of a computed list reads the list's elements, as eq does on a list (Python's list == x never holds).
  if (!a || !b || yieldsList(a) !== membership || yieldsList(b)) return undefined;
  const leaf: Leaf = { type: 'leaf', field: plain(a) ? a.from.path.join('.') : a.text, kind, values: [], otherField: plain(b) ? b.from.path.join('.') : b.text, caseSensitive: true };
  if (!plain(a)) {
    leaf.derive = derivationOf(a);
    const fns = [...a.fns, ...b.fns.filter((f) => !a.fns.includes(f))];
    if (fns.length) leaf.computed = fns;
  }
  if (!plain(b)) leaf.otherDerive = derivationOf(b);
  return leafC(leaf);
}

/** A computed value compared with another value of the event (`x.split("@")[-1] == event.get("domain")`). */
export function derivedVsValue(d: Derived, other: Field | Derived, op: CompareOp): C {
  const kind: LeafKind | undefined = op === '==' ? 'eq' : ORDER[op];
  return (kind && compareValues(d, kind, other)) || unknownC(other.k === 'field' ? 'comparison of a computed value and a field' : 'comparison of two computed values');
}

/** Python type names as JSON types (`int` also takes booleans, as isinstance(True, int) does). */
const JSON_TYPES: Record<string, string[]> = {
  str: ['string'],
  int: ['number', 'boolean'],
  float: ['number'],
  bool: ['boolean'],
  dict: ['object'],
  list: ['list'],
  tuple: ['list'],
  set: ['list'],
  frozenset: ['list'],
  NoneType: ['null'],
  // A JSON event holds no bytes.
  bytes: [],
  bytearray: [],
  Mapping: ['object'],
  MutableMapping: ['object'],
  // collections.abc: text is a sequence (of characters) too.
  Sequence: ['list', 'string'],
  MutableSequence: ['list'],
  // panther_core.immutable: the event's own lists and dicts.
  ImmutableList: ['list'],
  ImmutableCaseInsensitiveDict: ['object'],
};

/** isinstance(x, T) of an event value: `type(x)` among T's JSON types; undefined for a class it does not know. */
export function typeTest(d: Derived, classes: string[]): C | undefined {
  const types: string[] = [];
  for (const c of classes) {
    const t = JSON_TYPES[c];
    if (!t) return undefined;
    for (const x of t) if (!types.includes(x)) types.push(x);
  }
  const typed = withStep(d, { fn: 'type' }, `type(${argument(d)})`, 'type');
  return types.length === 0 ? FALSE : derivedLeaf(typed, types.length === 1 ? 'eq' : 'in', types);
}

/** len() of a computed value or of a field. */
export function lengthOf(d: Derived): Derived {
  return withStep(d, { fn: 'length' }, `len(${argument(d)})`, 'len');
}

/** x.startswith(y) / x.endswith(y) where y is an event value or a computed one. */
export function affixOfValue(x: Field | Derived, name: 'startswith' | 'endswith', arg: Sym): Sym | undefined {
  const other = arg.k === 'field' ? arg : asDerived(arg);
  const c = other && compareValues(x, name, other);
  return c && { k: 'cond', c };
}

const STRIPS: Record<string, DeriveStep['fn']> = { strip: 'trim', lstrip: 'trim_start', rstrip: 'trim_end' };

/** Methods of a computed value that are derivation steps (or tests on it); undefined for the others. */
export function derivedMethod(d: Derived, name: string, args: Sym[]): Sym | undefined {
  const arg = args[0];
  if (name === 'lower' || name === 'casefold' || name === 'upper') {
    return withStep(d, { fn: name === 'upper' ? 'upper' : 'lower' }, `${d.text}.${name}()`, name);
  }
  const fn = STRIPS[name];
  if (fn && args.length <= 1 && (!arg || (arg.k === 'const' && (typeof arg.v === 'string' || arg.v === null)))) {
    const chars = arg?.k === 'const' && typeof arg.v === 'string' ? arg.v : undefined;
    return withStep(d, chars === undefined ? { fn } : { fn, args: [chars] }, `${d.text}.${name}(${chars === undefined ? '' : literal(chars)})`, name);
  }
  const [old, by] = args;
  if (name === 'replace' && args.length === 2 && old.k === 'const' && by.k === 'const' && typeof old.v === 'string' && old.v !== '' && typeof by.v === 'string') {
    return withStep(d, { fn: 'replace', args: [old.v, by.v] }, `${d.text}.replace(${literal(old.v)}, ${literal(by.v)})`, 'replace');
  }
  if (name === 'split' && args.length <= 1 && (!arg || (arg.k === 'const' && typeof arg.v === 'string' && arg.v !== ''))) {
    const sep = arg?.k === 'const' ? (arg.v as string) : undefined;
    return withStep(d, sep === undefined ? { fn: 'split', args: [] } : { fn: 'split', args: [sep] }, `${d.text}.split(${sep === undefined ? '' : literal(sep)})`, 'split');
  }
  if ((name === 'startswith' || name === 'endswith') && arg && arg.k !== 'const') return affixOfValue(d, name, arg);
  if ((name === 'startswith' || name === 'endswith') && arg?.k === 'const' && !yieldsList(d)) {
    const values = iterConst(arg.v) && typeof arg.v !== 'string' ? iterConst(arg.v)! : [arg.v];
    if (!values.every((v) => typeof v === 'string')) return undefined;
    return { k: 'cond', c: derivedLeaf(d, name, values as string[]) };
  }
  return undefined;
}

/** x[i] of a computed value (a list from split, or a string). */
export function derivedIndex(d: Derived, key: PyVal): Derived | undefined {
  return typeof key === 'number' && Number.isInteger(key) ? withStep(d, { fn: 'index', args: [key] }, `${d.text}[${key}]`) : undefined;
}

/** x[a:b] of a constant or of an event value (a computed slice); bounds are integer constants or absent. */
export function sliceOf(obj: Sym, lower: Sym, upper: Sym): Sym {
  const bound = (b: Sym) => (b.k === 'const' && (b.v === null || (typeof b.v === 'number' && Number.isInteger(b.v))) ? (b.v as number | null) : undefined);
  const [a, b] = [bound(lower), bound(upper)];
  if (a === undefined || b === undefined) return { k: 'unknown', reason: 'computed slice' };
  if (obj.k === 'const' && (typeof obj.v === 'string' || (typeof obj.v === 'object' && obj.v !== null && 'seq' in obj.v))) {
    const v = obj.v;
    return { k: 'const', v: typeof v === 'string' ? v.slice(a ?? 0, b ?? undefined) : { seq: (v as { seq: PyVal[] }).seq.slice(a ?? 0, b ?? undefined) } };
  }
  const d = asDerived(obj);
  if (!d) return obj.k === 'unknown' || obj.k === 'error' ? obj : { k: 'unknown', reason: 'slice of a computed value' };
  return withStep(d, { fn: 'slice', args: [a ?? 0, b] }, `${d.text}[${a ?? ''}:${b ?? ''}]`, 'slice');
}

/** `a == b` of two event fields: the leaf compares them when both are set; unset, each takes its default. */
export function fieldVsField(a: Field, b: Field, op: CompareOp): C {
  const plain = (f: Field) => f.path.length > 0 && !f.list && !f.view && !f.text && (f.def === undefined || isScalar(f.def));
  // `x in event.get("list", [])`: nothing is in the empty default, as nothing is in a missing field.
  const emptyDefault = b.def !== undefined && b.def !== null && typeof b.def === 'object' && iterConst(b.def)?.length === 0;
  if (op === 'in' && emptyDefault) return fieldVsField(a, { ...b, def: undefined }, op);
  if (!plain(a) || !plain(b) || !!a.lower !== !!b.lower) return unknownC('comparison of two fields');
  const leaf = (kind: LeafKind, x: Field, y: Field): C => {
    const l: Leaf = { type: 'leaf', field: x.path.join('.'), kind, values: [], otherField: y.path.join('.') };
    if (!x.lower) l.caseSensitive = true;
    return leafC(l);
  };
  const unset = (f: Field) => leafC({ type: 'leaf', field: f.path.join('.'), kind: 'is_null', values: [] });
  const set = (f: Field) => leafC({ type: 'leaf', field: f.path.join('.'), kind: 'is_not_null', values: [] });
  if (op === 'in') return a.def === undefined || a.def === null ? leaf('contains', b, a) : unknownC('comparison of two fields');
  if (op !== '==') {
    const kind = ORDER[op];
    const noDefaults = (a.def ?? null) === null && (b.def ?? null) === null;
    return kind && noDefaults ? leaf(kind, a, b) : unknownC(`comparison of two fields: ${op}`);
  }
  // Unset, a field reads as its default (None without one): equal to the other's value, or to its default.
  const eqConst = (f: Field, v: PyVal | undefined): C => {
    const x = v ?? null;
    if (x === null) return unset(f);
    const l: Leaf = { type: 'leaf', field: f.path.join('.'), kind: 'eq', values: [x as Value] };
    if (!f.lower) l.caseSensitive = true;
    return leafC(l);
  };
  const bothUnset = ((a.def ?? null) === (b.def ?? null)) ? cAnd(unset(a), unset(b)) : FALSE;
  const aUnset = a.def === undefined || a.def === null ? FALSE : cAnd(unset(a), set(b), eqConst(b, a.def));
  const bUnset = b.def === undefined || b.def === null ? FALSE : cAnd(unset(b), set(a), eqConst(a, b.def));
  return cOr(leaf('eq', a, b), aUnset, bUnset, bothUnset);
}

/** Text the rule builds: an f-string, a string constant, or a value formatted into one (`f"/{x}"`). */
export function isText(s: Sym): boolean {
  return s.k === 'fstring' || (s.k === 'const' && typeof s.v === 'string') || (s.k === 'derived' && s.steps.at(-1)?.fn === 'concat');
}

const TEXT_STEPS = new Set(['string', 'lower', 'upper', 'trim', 'trim_start', 'trim_end', 'replace', 'concat', 'url_decode']);

/** A computed value that is text whatever the event holds (`str(x)`, `x.lower()`), so `"a" + x` never raises. */
export function textYielding(s: Sym): boolean {
  const d = asDerived(s);
  return !!d && TEXT_STEPS.has(d.steps.at(-1)?.fn ?? '');
}

/** Python str() of a constant whose text is certain (numbers are left out: 1.0 prints as "1.0"). */
function constText(s: Sym): string | undefined {
  if (s.k !== 'const') return undefined;
  if (typeof s.v === 'string') return s.v;
  if (typeof s.v === 'boolean') return s.v ? 'True' : 'False';
  return s.v === null ? 'None' : undefined;
}

const fstringText = (t: string) => JSON.stringify(t).slice(1, -1).replace(/[{}]/g, '$&$&');

/**
 * An f-string of constants and at most one event value: a constant, or that value as text between two constant
 * texts (`f"/{x}"`: a `concat` step). Anything else stays an opaque string.
 */
export function formatted(segments: Array<string | Sym>): Sym {
  let before = '';
  let after = '';
  let value: Derived | undefined;
  for (const seg of segments) {
    const t = typeof seg === 'string' ? seg : constText(seg);
    if (t !== undefined) {
      if (value) after += t;
      else before += t;
      continue;
    }
    const d = typeof seg === 'string' ? undefined : asDerived(seg);
    if (!d || value || yieldsList(d)) return { k: 'fstring' };
    value = d;
  }
  if (!value) return { k: 'const', v: before };
  return withStep(value, { fn: 'concat', args: [before, after] }, `f"${fstringText(before)}{${argument(value)}}${fstringText(after)}"`, 'format');
}
