/**
 * An SPL eval written over event fields only: the fields it reads are replaced by the event fields they hold
 * (after rename / eval copies) or by the earlier evals that computed them, in brackets, as the rule writes them.
 */
import type { DeriveFn, DeriveStep } from '../../logic/derive.ts';
import type { Leaf, Value } from '../../logic/types.ts';
import type { EvalNode } from './eval-expr.ts';
import type { Computation } from './state.ts';

export type Read = { field: string } | { computation: Computation } | undefined;

/** `computation` over event fields, or undefined when it reads a field that is neither an event field nor an eval. */
export function computationOver(computation: Computation, read: (field: string) => Read): Computation | undefined {
  if (!computation.reads.length || computation.unread) return undefined;
  let text = computation.text;
  const reads: string[] = [];
  const functions = new Set(computation.functions);
  for (const name of new Set(computation.reads)) {
    const r = read(name);
    if (!r) return undefined;
    if ('field' in r) {
      reads.push(r.field);
      if (r.field !== name) text = replaceField(text, name, r.field);
      continue;
    }
    reads.push(...r.computation.reads);
    text = replaceField(text, name, /^[\w.]+\(.*\)$/s.test(r.computation.text) && balanced(r.computation.text) ? r.computation.text : `(${r.computation.text})`);
    for (const f of r.computation.functions) functions.add(f);
  }
  if (!functions.size) functions.add('arithmetic');
  return { text, reads: [...new Set(reads)], functions: [...functions] };
}

/** True when the first `(` of a call closes at its end: `len(x)`, not `len(x) + len(y)`. */
function balanced(text: string): boolean {
  const bare = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  let depth = 0;
  for (let i = bare.indexOf('('); i < bare.length; i++) {
    if (bare[i] === '(') depth++;
    else if (bare[i] === ')' && --depth === 0) return i === bare.length - 1;
  }
  return false;
}

/** Replaces the field `name` (bare or 'quoted') read in `text`, outside string literals, by `by`. */
function replaceField(text: string, name: string, by: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const field = new RegExp(`'${escaped}'|(?<![\\w.{}@:'])${escaped}(?![\\w.{}@:'(])`, 'g');
  const written = /^[A-Za-z_@][\w.@]*$/.test(by) || by.startsWith('(') || /\)$/.test(by) ? by : `'${by}'`;
  return text
    .split(/("(?:[^"\\]|\\.)*")/)
    .map((part, i) => (i % 2 ? part : part.replace(field, written)))
    .join('');
}

/** SPL eval functions of one argument that are runnable derive steps. */
const STEP_OF: Record<string, DeriveFn> = { lower: 'lower', upper: 'upper', len: 'length', trim: 'trim', base64decode: 'base64_decode', urldecode: 'url_decode', tostring: 'string', tonumber: 'number' };

/** `len(lower(x))` as steps over x (lower, then length); undefined when any call is not a runnable step. */
export function evalSteps(node: EvalNode): { field: string; steps: DeriveStep[] } | undefined {
  if (node.k === 'field') return { field: node.name, steps: [] };
  if (node.k !== 'call' || node.args.length !== 1 || !STEP_OF[node.name]) return undefined;
  const inner = evalSteps(node.args[0]);
  return inner && { field: inner.field, steps: [...inner.steps, { fn: STEP_OF[node.name] }] };
}

/** A leaf on a computed field: the field is the computation as written, evaluable when it has a derivation. */
export function computedLeaf(l: Leaf, { text, functions, derive }: Computation): Leaf {
  return { ...l, field: text, computed: functions, ...(derive && { derive }) };
}

/** `a < b` read from b's side is `b > a`; kinds without a mirror (startswith...) are absent. */
export const FLIPPED: Partial<Record<Leaf['kind'], Leaf['kind']>> = { eq: 'eq', ne: 'ne', lt: 'gt', lte: 'gte', gt: 'lt', gte: 'lte' };

/** `field <op> otherField` where one side is a constant (`constantOf` gives it) is a comparison with that value. */
export function withConstant(l: Leaf, constantOf: (field: string) => Value | undefined): Leaf {
  if (l.otherField === undefined) return l;
  const { otherField, caseSensitive, ...unchecked } = l;
  // Case matters only for text.
  const rest = (v: Value) => (typeof v === 'string' && caseSensitive ? { ...unchecked, caseSensitive } : unchecked);
  const right = constantOf(otherField);
  if (right !== undefined) return { ...rest(right), values: [right] };
  const left = constantOf(l.field);
  const flipped = FLIPPED[l.kind];
  return left !== undefined && flipped ? { ...rest(left), field: otherField, kind: flipped, values: [left] } : l;
}
