/** Comparisons of event fields with constants: the leaves of the condition tree. */
import type { CompareOp } from './ast.ts';
import { FALSE, cAnd, cNot, cOr, leafC, unknownC, type C } from './conditions.ts';
import type { Leaf, LeafKind } from '../../logic/types.ts';
import { equalConst, isDict, isScalar, isSeq, iterConst, type PyVal, type Sym } from './values.ts';
import { derivedIndex, derivedLeaf, derivedOf, derivedVsConst, lengthOf, partDerived, typeTest, withStep } from './derived.ts';

export type Field = Extract<Sym, { k: 'field' }>;

export function fieldLeaf(f: Field, kind: LeafKind, values: (string | number | boolean | null)[] = []): C {
  // `x in []`, `x.endswith(())`: no value to match, the test never holds (an empty allow-list excludes nothing).
  if (kind !== 'is_null' && kind !== 'is_not_null' && values.length === 0) return FALSE;
  const leaf: Leaf = { type: 'leaf', field: f.path.join('.'), kind, values };
  // Python compares text case-sensitively; a .lower() / .upper() on the field makes the test case-insensitive.
  if (kind !== 'is_null' && kind !== 'is_not_null' && !f.lower) leaf.caseSensitive = true;
  else if (f.lower && values.some((v) => typeof v === 'string')) leaf.caseSensitive = false;
  return leafC(leaf);
}

/** A truth test on a field (`if event.get("x")`, `len(x) > 0`): falsy means empty (None, "", 0, [], {}), not only missing. */
export function emptinessLeaf(f: Field, kind: 'is_null' | 'is_not_null'): C {
  return leafC({ type: 'leaf', field: f.path.join('.'), kind, values: [], match: 'empty' });
}

/** A test on a field that also holds when the field is missing and its default passes the test. */
export function withDefault(f: Field, c: C, onDefault: (d: PyVal) => boolean): C {
  if (f.def === undefined || f.def === null || !onDefault(f.def)) return c;
  return cOr(c, fieldLeaf(f, 'is_null'));
}

export const FLIP: Partial<Record<CompareOp, CompareOp>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };
const ORDER: Partial<Record<CompareOp, LeafKind>> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

export function compareConst(a: PyVal, b: PyVal, op: CompareOp): boolean | undefined {
  switch (op) {
    case '==':
    case 'is':
      return equalConst(a, b);
    case '!=':
    case 'is not':
      return !equalConst(a, b);
    case 'in':
    case 'not in': {
      if (typeof b === 'string' && typeof a === 'string') return b.includes(a) === (op === 'in');
      const items = iterConst(b);
      if (!items) return undefined;
      return items.some((x) => equalConst(x, a)) === (op === 'in');
    }
    default:
      if (typeof a === 'number' && typeof b === 'number') {
        return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      }
      if (typeof a === 'string' && typeof b === 'string') {
        return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      }
      return undefined;
  }
}

const regexText = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** x.split(sep)[0] == v  ⟺  x == v or x startswith v+sep (v without sep); [-1] likewise with endswith. */
export function partTest(p: Extract<Sym, { k: 'part' }>, v: PyVal, op: CompareOp): C {
  const values = op === 'in' ? iterConst(v) : [v];
  // Values that hold the separator (or are no strings), or a part sought in a string: compared as computed.
  const computed = () => {
    const d = partDerived(p);
    return d ? derivedVsConst(d, v, op) : unknownC('comparison of a split part');
  };
  if (!values || typeof v === 'string' && op === 'in') return computed();
  if (!values.every((x) => typeof x === 'string' && !x.includes(p.sep))) return computed();
  const strings = values as string[];
  if (p.nth !== undefined) {
    // x.split(":")[1] == "v": n parts without the separator, each followed by it, then v, then a separator or the end.
    const sep = regexText(p.sep);
    const alternatives = strings.map(regexText).join('|');
    return fieldLeaf(p.of, 'regex', [`^(?:[^${sep}]*${sep}){${p.nth}}(?:${alternatives})(?:${sep}|$)`]);
  }
  const whole = strings.length === 1 ? fieldLeaf(p.of, 'eq', strings) : fieldLeaf(p.of, 'in', strings);
  const affixed = fieldLeaf(p.of, p.last ? 'endswith' : 'startswith', strings.map((x) => (p.last ? p.sep + x : x + p.sep)));
  return cOr(whole, affixed);
}

/** len(x) compared with a number: only emptiness maps onto the tree (is_null reads empty as null). */
export function lengthTest(f: Field, n: number, op: CompareOp): C {
  const nonEmpty = (op === '>' && n === 0) || (op === '>=' && n === 1) || ((op === '!=' || op === 'is not') && n === 0);
  const empty = ((op === '==' || op === 'is') && n === 0) || (op === '<' && n === 1) || (op === '<=' && n === 0);
  if (nonEmpty) return emptinessLeaf(f, 'is_not_null');
  if (empty) return emptinessLeaf(f, 'is_null');
  // Other lengths: a computed leaf len(x); failing that, only what they imply about emptiness is known.
  const d = derivedOf(f);
  if (d) return derivedVsConst(lengthOf(d), n, op);
  // event.get("x", []): a missing x has the default's length.
  const withoutDefault = f.def !== undefined && !isScalar(f.def) ? derivedOf({ ...f, def: undefined }) : undefined;
  if (withoutDefault) {
    const test = derivedVsConst(lengthOf(withoutDefault), n, op);
    return compareConst(iterConst(f.def!)?.length ?? 0, n, op) ? cOr(test, fieldLeaf(f, 'is_null')) : test;
  }
  const some = emptinessLeaf(f, 'is_not_null');
  const needsItems = (o: CompareOp, m: number) => (o === '>' && m >= 0) || ((o === '>=' || o === '==' || o === 'is') && m >= 1);
  const inverse: Partial<Record<CompareOp, CompareOp>> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '==': '!=', '!=': '==', is: 'is not', 'is not': 'is' };
  const bounds = { implies: needsItems(op, n) ? some : undefined, impliesNot: inverse[op] && needsItems(inverse[op]!, n) ? some : undefined };
  return unknownC(`length comparison: ${op} ${n}`, bounds);
}

/** len(x.split(sep)) compared with a number: how many times the one-character separator occurs, as a regex. */
export function partsCountTest(f: Field, sep: string, n: number, op: CompareOp): C {
  if (op === '!=' || op === 'is not') return cNot(partsCountTest(f, sep, n, '=='));
  const range: Partial<Record<CompareOp, [number, number | '']>> = { '==': [n - 1, n - 1], is: [n - 1, n - 1], '>': [n, ''], '>=': [n - 1, ''], '<': [0, n - 2], '<=': [0, n - 1] };
  const [min, max] = range[op] ?? [-1, -1];
  if (min < 0 || (max !== '' && max < min)) {
    const d = derivedOf(f);
    return d ? derivedVsConst(lengthOf(withStep(d, { fn: 'split', args: [sep] }, `${d.text}.split(${JSON.stringify(sep)})`, 'split')), n, op) : unknownC(`length comparison: ${op} ${n}`);
  }
  const s = regexText(sep);
  return fieldLeaf(f, 'regex', [`^[^${s}]*(?:${s}[^${s}]*){${min},${max}}$`]);
}

/**
 * `x == []` / `x == {}` / `x == ["a", "b"]`: a list (or dict) of that type whose length and items are those: computed
 * leaves. A missing field whose default is that value passes too. (A JSON event holds no tuple or set, so a
 * literal of either reads as the list Python would compare it with.)
 */
function collectionTest(f: Field, v: PyVal): C | undefined {
  const cls = isSeq(v) && v.seq.every(isScalar) ? 'list' : isDict(v) && v.dict.length === 0 ? 'dict' : undefined;
  const d = cls && derivedOf({ ...f, def: undefined });
  const typed = d && typeTest(d, [cls!]);
  if (!d || !typed) return undefined;
  const items = isSeq(v) ? v.seq : [];
  const each = items.map((item, i) => derivedVsConst(derivedIndex(d, i)!, item, '=='));
  const test = cAnd(typed, derivedVsConst(lengthOf(d), items.length, '=='), ...each);
  return f.def !== undefined && equalConst(f.def, v) ? cOr(test, fieldLeaf(f, 'is_null')) : test;
}

export function fieldVsConst(f: Field, v: PyVal, op: CompareOp): C {
  if (op === '==') {
    if (v === null) return f.path.length ? fieldLeaf(f, 'is_null') : FALSE;
    if (!isScalar(v)) return collectionTest(f, v) ?? unknownC('comparison with a collection');
    return withDefault(f, fieldLeaf(f, 'eq', [v]), (d) => equalConst(d, v));
  }
  if (op === 'in') {
    if (typeof v === 'string') return unknownC('field within a constant string');
    const items = iterConst(v) ?? [];
    const scalars = items.filter(isScalar);
    if (scalars.length !== items.length) return unknownC('membership in a collection of collections');
    // None among the constants: a missing field (None) is in.
    if (scalars.includes(null)) return cOr(fieldVsConst(f, { seq: scalars.filter((s) => s !== null) }, 'in'), fieldVsConst(f, null, '=='));
    if (scalars.length === 0) return FALSE;
    const leaf = scalars.length === 1 ? fieldLeaf(f, 'eq', scalars) : fieldLeaf(f, 'in', scalars);
    return withDefault(f, leaf, (d) => scalars.some((s) => equalConst(s, d)));
  }
  const kind = ORDER[op];
  if (kind && (typeof v === 'number' || typeof v === 'string')) {
    return withDefault(f, fieldLeaf(f, kind, [v]), (d) => compareConst(d, v, op) === true);
  }
  return unknownC(`comparison: ${op}`);
}

/** `"x" in event.get("field")`: substring, list membership or key presence. */
export function constInField(v: PyVal, f: Field): C {
  if (f.path.length === 0) return typeof v === 'string' ? fieldLeaf({ k: 'field', path: [v] }, 'is_not_null') : unknownC('key test');
  if (!isScalar(v) || v === null) return unknownC('membership of a collection');
  // `"'public'" in str(audience)`: quotes or brackets in the text sought mean the rule searches Python's spelling
  // of a dict or list, which the log's JSON does not hold.
  if (f.text && typeof v === 'string' && /['"{}[\]]/.test(v)) return pythonTextContains(f, v);
  // listify(x): x is a list, or a list of itself: `in` asks for an equal element (eq reads lists element-wise).
  if (f.list) return withDefault(f, fieldLeaf(f, 'eq', [v]), (d) => compareConst(v, d, 'in') === true);
  return withDefault(f, fieldLeaf(f, 'contains', [v]), (d) => compareConst(v, d, 'in') === true);
}

/** `"'public'" in str(x)`: a substring of Python's spelling of x (a `python_str` step), which the log's JSON does not hold. */
function pythonTextContains(f: Field, v: string): C {
  const d = f.lower ? undefined : derivedOf({ ...f, text: false });
  if (!d) return unknownC('substring of a str() value');
  const text = d.steps.length === 0 && d.text.startsWith('(') ? d.text.slice(1, -1) : d.text;
  return derivedLeaf(withStep(d, { fn: 'python_str' }, `str(${text})`, 'str'), 'contains', [v]);
}
