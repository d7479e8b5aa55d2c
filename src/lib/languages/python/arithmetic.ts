/**
 * Arithmetic on event values: a value and a constant (`x / 1000`, `x - 5`) is a computed value with an `add`,
 * `multiply` or `divide` step; the difference of two event values scaled by a constant (`(end - start) / 3600`)
 * compared with a number is stated as one value against the other (`end - 3600 * n > start`), which the evaluator
 * runs as a comparison of two event values.
 */
import type { CompareOp } from './ast.ts';
import type { DeriveStep } from '../../logic/derive.ts';
import type { LeafKind } from '../../logic/types.ts';
import { FALSE, unknownC, type C } from './conditions.ts';
import { asDerived, compareValues, withStep, yieldsList, type Derived } from './derived.ts';
import type { Sym } from './values.ts';

export type Difference = Extract<Sym, { k: 'difference' }>;

const STEPS: Record<string, DeriveStep['fn']> = { '+': 'add', '-': 'add', '*': 'multiply', '/': 'divide' };
const ORDER: Partial<Record<CompareOp, LeafKind>> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const FLIPPED: Partial<Record<CompareOp, CompareOp>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** An event value (or one computed from one) as a number: Python arithmetic needs numbers. */
function numeric(s: Sym): Derived | undefined {
  if (s.k !== 'field' && s.k !== 'derived') return undefined;
  const d = asDerived(s);
  if (!d || yieldsList(d)) return undefined;
  return d.steps.at(-1)?.fn === 'number' || ['add', 'multiply', 'divide'].includes(d.steps.at(-1)?.fn ?? '') ? d : { ...d, steps: [...d.steps, { fn: 'number' }] };
}

/** `a op b` where a side is an event value; undefined when neither the step nor the difference applies. */
export function arithmetic(op: string, a: Sym, b: Sym): Sym | undefined {
  const step = STEPS[op];
  if (a.k === 'difference' && b.k === 'const' && typeof b.v === 'number' && b.v > 0 && (op === '/' || op === '*')) {
    return { ...a, scale: op === '/' ? a.scale * b.v : a.scale / b.v };
  }
  const x = numeric(a);
  if (!x || !step) return undefined;
  if (b.k === 'const' && typeof b.v === 'number' && !(op === '/' && b.v === 0)) {
    const n = op === '-' ? -b.v : b.v;
    return withStep(x, { fn: step, args: [n] }, `${x.text} ${op} ${b.v}`, op);
  }
  const y = op === '-' ? numeric(b) : undefined;
  return y ? { k: 'difference', a: x, b: y, scale: 1 } : undefined;
}

/**
 * `(a - b) / scale op n` is `a - n * scale op b` (scale is positive): a computed value of a compared with b. A
 * difference of numbers is never None.
 */
export function differenceCompare(d: Difference, c: Sym, op: CompareOp): C | undefined {
  if (c.k !== 'const') return undefined;
  if (c.v === null && (op === '==' || op === 'is')) return FALSE;
  const kind = ORDER[op];
  if (!kind || typeof c.v !== 'number') return undefined;
  const offset = c.v * d.scale;
  const left = withStep(d.a, { fn: 'add', args: [-offset] }, `${d.a.text} - ${offset}`, '-');
  return compareValues(left, kind, d.b) ?? unknownC('comparison of a difference');
}

/** The comparison with the difference on either side. */
export function compareDifference(a: Sym, b: Sym, op: CompareOp): C | undefined {
  if (a.k === 'difference') return differenceCompare(a, b, op);
  if (b.k === 'difference' && FLIPPED[op]) return differenceCompare(b, a, FLIPPED[op]!);
  if (b.k === 'difference' && (op === '==' || op === 'is') && a.k === 'const' && a.v === null) return FALSE;
  return undefined;
}
