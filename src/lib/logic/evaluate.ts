/**
 * Evaluates a condition tree on a JSON event: how the catalog checks extracted logic against a rule's own tests.
 * Field paths resolve dotted into the event (a literal dotted key wins); lists along the path match when any
 * element does. String comparisons ignore case unless the leaf is case-sensitive.
 */
import { type Derivation, NO_VALUE, derive } from './derive.ts';
import { ruleRegex } from './rule-regex.ts';
import { ipv4Number } from './ip.ts';
import { kleene, threeValued } from './three-valued.ts';
import { leafMatch } from './tree.ts';
import type { Condition, Leaf, Value } from './types.ts';

export interface EvaluateOptions {
  /**
   * How is_null / is_not_null read a value. "present" (default): missing, null or "" is null.
   * "python": Python falsiness (also false, 0, [] and {}), for trees extracted from Python truth tests.
   * "strict": only missing or null is null, unless the leaf matches 'empty' (KQL isempty, null or "").
   */
  nullness?: 'present' | 'python' | 'strict';
  /** Field names match whatever their case when no exact key exists (Panther events are case-insensitive dicts). */
  caseInsensitiveKeys?: boolean;
  /** A path may continue into a string holding a JSON object (rules that json.loads a field). */
  parseJsonStrings?: boolean;
  /** Contents of named lists (Leaf.listRef), by name; a leaf naming a list not given here matches nothing. */
  lists?: Record<string, Value[]>;
  /** What enclosing scopes stand on, innermost first, the event last: a path `^.x` reads x of the first (set by decide). */
  outer?: unknown[];
  /** The whole event while a scope's element is decided: what a leaf's `otherOfEvent` side reads (set by decide). */
  event?: unknown;
}

const MISSING = Symbol('missing');
/** A path inside a scope that reads the enclosing element (or the event) starts with this (types.ts Scope). */
const OUTER = '^.';
type Resolved = unknown;

/** The values at a dotted path; several when the path crosses lists. */
export function resolvePath(event: unknown, path: string, options: EvaluateOptions = {}): Resolved[] {
  if (path.startsWith(OUTER)) {
    const [up, ...rest] = options.outer ?? [];
    return options.outer?.length ? resolvePath(up, path.slice(OUTER.length), { ...options, outer: rest }) : [MISSING];
  }
  if (path === '' || path === '.' || path === '*') return [event];
  return walk(event, path.split('.'), options);
}

function parsedJson(value: string): unknown {
  const t = value.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return value;
  try {
    return JSON.parse(t);
  } catch {
    return value;
  }
}

function walk(value: unknown, keys: string[], options: EvaluateOptions): Resolved[] {
  if (keys.length === 0) return [value];
  if (typeof value === 'string' && options.parseJsonStrings) value = parsedJson(value);
  if (Array.isArray(value)) {
    // A numeric step indexes the list (values.0, values.-1 as Python's [-1]); other steps apply to every item.
    if (/^-?\d+$/.test(keys[0])) {
      const i = Number(keys[0]);
      const item = value[i < 0 ? value.length + i : i];
      return item === undefined ? [MISSING] : walk(item, keys.slice(1), options);
    }
    return value.flatMap((item) => walk(item, keys, options));
  }
  if (value === null || typeof value !== 'object') return [MISSING];
  const obj = value as Record<string, unknown>;
  // Keys that themselves contain dots ("p_any_ip.addresses" style) are tried longest first.
  for (let n = keys.length; n >= 1; n--) {
    const k = keys.slice(0, n).join('.');
    if (Object.hasOwn(obj, k)) return walk(obj[k], keys.slice(n), options);
  }
  if (options.caseInsensitiveKeys) {
    const wanted = keys[0].toLowerCase();
    const hit = Object.keys(obj).find((k) => k.toLowerCase() === wanted);
    if (hit !== undefined) return walk(obj[hit], keys.slice(1), options);
  }
  return [MISSING];
}

/**
 * Whether a value counts as absent. A leaf matching 'empty' (KQL isempty, Python falsiness) also takes "" (and,
 * with Python nullness, every falsy value). Under Python nullness an 'exists' leaf is `x is None`: False, 0 and ""
 * are values (`event.get("x", "") != ""` holds on `{"x": false}`).
 */
function isNullish(v: unknown, nullness: EvaluateOptions['nullness'], match: string = 'exists'): boolean {
  if (v === MISSING || v === undefined || v === null) return true;
  if (v === '') return match === 'empty' || nullness === undefined || nullness === 'present';
  if (nullness !== 'python' || match !== 'empty') return false;
  if (v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

function text(v: unknown, caseSensitive: boolean | undefined): string | undefined {
  if (typeof v !== 'string') return undefined;
  return caseSensitive ? v : v.toLowerCase();
}

function equals(actual: unknown, expected: Value, caseSensitive?: boolean): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') return text(actual, caseSensitive) === text(expected, caseSensitive);
  if (expected === null) return actual === null || actual === MISSING;
  // A number and its decimal text are the same value (str(event.get("id")) == "13" on {"id": 13}).
  if (typeof actual === 'number' && typeof expected === 'string') return String(actual) === expected;
  if (typeof actual === 'string' && typeof expected === 'number') return actual.trim() !== '' && Number(actual) === expected;
  return actual === expected;
}

function compareNumber(actual: unknown, expected: Value, kind: string): boolean {
  const a = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
  const b = typeof expected === 'number' ? expected : Number(expected);
  if (Number.isNaN(a) || Number.isNaN(b)) {
    if (typeof actual === 'string' && typeof expected === 'string') {
      return kind === 'gt' ? actual > expected : kind === 'gte' ? actual >= expected : kind === 'lt' ? actual < expected : actual <= expected;
    }
    return false;
  }
  return kind === 'gt' ? a > b : kind === 'gte' ? a >= b : kind === 'lt' ? a < b : a <= b;
}

const regexOf = (pattern: string, caseSensitive?: boolean) => ruleRegex(pattern, caseSensitive ? '' : 'i');

export function wildcardRegex(pattern: string, caseSensitive?: boolean): RegExp {
  let re = '';
  for (const ch of pattern) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${re}$`, caseSensitive ? 's' : 'is');
}

function inCidr(actual: unknown, cidr: Value): boolean {
  if (typeof actual !== 'string' || typeof cidr !== 'string') return false;
  const [base, bitsText] = cidr.split('/');
  const ip = ipv4Number(actual);
  const net = ipv4Number(base);
  if (ip === undefined || net === undefined) return actual === cidr;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((ip & mask) >>> 0) === ((net & mask) >>> 0);
}

/** KQL terms: runs of ASCII letters and digits; `has` matches a value that starts and ends on term boundaries. */
function hasTerm(actual: string, term: string, cs?: boolean): boolean {
  const a = text(actual, cs)!;
  const t = text(term, cs)!;
  if (t === '') return true;
  const word = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9]/.test(ch);
  for (let i = a.indexOf(t); i >= 0; i = a.indexOf(t, i + 1)) {
    const before = a[i - 1];
    const after = a[i + t.length];
    if ((!word(t[0]) || !word(before)) && (!word(t[t.length - 1]) || !word(after))) return true;
  }
  return false;
}

/** Full-text match (ES|QL `:`, Elasticsearch match): any analysed token of the query is a token of the value. */
function fullText(actual: string, query: string): boolean {
  const tokens = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  const have = new Set(tokens(actual));
  return tokens(query).some((t) => have.has(t));
}

/** One value of the field against one value of the leaf. */
function matchOne(actual: unknown, leaf: Leaf, expected: Value): boolean {
  const cs = leaf.caseSensitive;
  const match = leafMatch(leaf);
  if (match === 'term' || match === 'fulltext') {
    if (Array.isArray(actual)) return actual.some((a) => matchOne(a, leaf, expected));
    if (typeof actual !== 'string' || typeof expected !== 'string') return equals(actual, expected, cs);
    return match === 'term' ? hasTerm(actual, expected, cs) : fullText(actual, expected);
  }
  switch (leaf.kind) {
    case 'eq':
    case 'in':
      return Array.isArray(actual) ? actual.some((a) => equals(a, expected, cs)) : equals(actual, expected, cs);
    case 'contains': {
      if (Array.isArray(actual)) return actual.some((a) => equals(a, expected, cs));
      if (actual !== null && typeof actual === 'object') return typeof expected === 'string' && expected in (actual as object);
      const a = text(actual, cs);
      const e = typeof expected === 'string' ? text(expected, cs) : undefined;
      return a !== undefined && e !== undefined && a.includes(e);
    }
    case 'startswith':
    case 'endswith': {
      const a = text(actual, cs);
      const e = typeof expected === 'string' ? text(expected, cs) : undefined;
      if (a === undefined || e === undefined) return false;
      return leaf.kind === 'startswith' ? a.startsWith(e) : a.endsWith(e);
    }
    case 'regex': {
      const re = typeof expected === 'string' ? regexOf(expected, cs) : undefined;
      return typeof actual === 'string' && !!re && re.test(actual);
    }
    case 'wildcard':
      return typeof actual === 'string' && typeof expected === 'string' && wildcardRegex(expected, cs).test(actual);
    case 'cidr':
      return inCidr(actual, expected);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compareNumber(actual, expected, leaf.kind);
    default:
      return false;
  }
}

function keywordIn(event: unknown, expected: Value, cs?: boolean): boolean {
  if (typeof event === 'string') {
    const e = text(String(expected), cs)!;
    return text(event, cs)!.includes(e);
  }
  if (Array.isArray(event)) return event.some((v) => keywordIn(v, expected, cs));
  if (event && typeof event === 'object') return Object.values(event).some((v) => keywordIn(v, expected, cs));
  return false;
}

/**
 * A leaf's verdict: true or false, or undefined when it reads a value the rule computes with functions the
 * catalog does not run (`ml.nlu_classifier(...)`, `tolower(x)`): such a leaf is stated, not evaluated.
 */
export function decideLeaf(leaf: Leaf, event: unknown, options: EvaluateOptions = {}): boolean | undefined {
  if (leaf.computed?.length && !leaf.derive) return undefined;
  if (leaf.kind === 'keyword') {
    const test = (v: Value) => keywordIn(event, v, leaf.caseSensitive);
    return leaf.all ? leaf.values.every(test) : leaf.values.some(test);
  }
  const values = leaf.derive ? derivedValues(event, leaf.derive, options, leaf.kind === 'is_null' || leaf.kind === 'is_not_null') : resolvePath(event, leaf.field, options);
  const match = leafMatch(leaf);
  if (leaf.kind === 'is_null') return values.every((v) => isNullish(v, options.nullness, match));
  if (leaf.kind === 'is_not_null') return values.some((v) => !isNullish(v, options.nullness, match));
  const expected = expectedValues(leaf, event, options);
  // Comparing with a field the event lacks compares with nothing: no value matches, and `ne` does not hold either.
  if (leaf.otherField !== undefined && expected.length === 0) return false;
  if (leaf.kind === 'ne') return !values.some((v) => expected.some((e) => matchOne(v, { ...leaf, kind: 'eq' }, e)));
  const present = values.filter((v) => v !== MISSING);
  const test = (e: Value) => present.some((v) => matchOne(v, leaf, e));
  return leaf.all ? expected.length > 0 && expected.every(test) : expected.some(test);
}

/**
 * The values a derivation yields on the event, one per value at its starting path. A step that does not fit its
 * input yields nothing (MISSING); a list result is spread for comparisons (any element matches, as along a path)
 * but kept whole for null tests, where an empty list is what the rule asks about.
 */
function derivedValues(event: unknown, d: Derivation, options: EvaluateOptions, whole = false): Resolved[] {
  return resolvePath(event, d.from, options).flatMap((v) => {
    const input = v === MISSING || v === null || v === undefined ? (d.default ?? null) : v;
    const out = derive(input, d.steps);
    if (out === NO_VALUE || out === undefined) return [MISSING];
    return Array.isArray(out) && !whole ? out : [out];
  });
}

/** What a leaf compares with: its written values, the named list's, or the other field's values in this event. */
function expectedValues(leaf: Leaf, event: unknown, options: EvaluateOptions): Value[] {
  if (leaf.otherField !== undefined) {
    const from = leaf.otherOfEvent ? (options.event ?? event) : event;
    // A list on the other side is its elements, as a derived list's are (and as a list on the leaf's side matches).
    const other = leaf.otherDerive ? derivedValues(from, leaf.otherDerive, options) : resolvePath(from, leaf.otherField, options).flatMap((v) => (Array.isArray(v) ? v : [v]));
    return other.filter((v): v is Value => v !== MISSING && (v === null || typeof v !== 'object'));
  }
  return leaf.listRef !== undefined ? (options.lists?.[leaf.listRef] ?? []) : leaf.values;
}

/**
 * The condition's verdict on the event in Kleene's three-valued logic: undefined when it depends on a leaf the
 * catalog cannot decide (a computed value), so a caller never counts an undecided verdict as agreement.
 */
export function decide(condition: Condition, event: unknown, options: EvaluateOptions = {}): boolean | undefined {
  return threeValued(
    condition,
    (leaf) => decideLeaf(leaf, event, options),
    (scope) => {
      if (scope.computed?.length && !scope.derive) return undefined;
      const lists = scope.derive ? derivedValues(event, scope.derive, options, true) : resolvePath(event, scope.field, options);
      // A null list (Python `x or []`, an absent JSON array) has no elements.
      const items = lists.flatMap((v) => (Array.isArray(v) ? v : v === MISSING || v === null ? [] : [v]));
      const inner = { ...options, outer: [event, ...(options.outer ?? [])], ...(options.event === undefined ? { event } : {}) };
      return kleene(items.map((item) => () => decide(scope.child, item, inner)), scope.quantifier === 'any');
    },
  );
}

/** True when the event satisfies the condition (an undecided verdict is not a match). */
export function evaluate(condition: Condition, event: unknown, options: EvaluateOptions = {}): boolean {
  return decide(condition, event, options) === true;
}

/** The verdict of every top-level conjunct together (an empty list matches everything). */
export function decideConjuncts(conjuncts: Condition[], event: unknown, options: EvaluateOptions = {}): boolean | undefined {
  return kleene(conjuncts.map((c) => () => decide(c, event, options)), false);
}

/** True when the event satisfies every top-level conjunct (an empty list matches everything). */
export function evaluateConjuncts(conjuncts: Condition[], event: unknown, options: EvaluateOptions = {}): boolean {
  return decideConjuncts(conjuncts, event, options) === true;
}
