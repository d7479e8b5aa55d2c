/**
 * Arithmetic on event numbers. `x - 1` (a number field or computed number plus or minus a constant) is one more
 * derivation step (`add`); `a - b` of two event numbers is kept as a difference, which a comparison with a constant
 * turns into a comparison of the two values (`a - b > 10` is `a > b + 10`), the form a leaf with otherField says.
 */
import type { CompareOp } from './ast.ts';
import type { LeafKind } from '../../logic/types.ts';
import { cNot, unknownC, type C } from './conditions.ts';
import { asDerived, compareValues, withStep, yieldsList, type Derived } from './derived.ts';
import type { Sym } from './values.ts';

export type Difference = Extract<Sym, { k: 'difference' }>;

const ORDER: Partial<Record<CompareOp, LeafKind>> = { '==': 'eq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const FLIPPED: Partial<Record<CompareOp, CompareOp>> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** A number the rule reads or computes from one event value (not a list, not text it builds). */
function numberOf(s: Sym): Derived | undefined {
  if (s.k !== 'field' && s.k !== 'derived') return undefined;
  const d = asDerived(s);
  return d && !yieldsList(d) && d.steps.at(-1)?.fn !== 'concat' ? d : undefined;
}

const isNumber = (s: Sym): s is { k: 'const'; v: number } => s.k === 'const' && typeof s.v === 'number' && Number.isFinite(s.v);

/** `a + n`, `n + a`, `a - n` as a derivation, `a - b` as a difference; undefined for anything else. */
export function arithmetic(op: string, a: Sym, b: Sym): Sym | undefined {
  if (op !== '+' && op !== '-') return undefined;
  const [da, db] = [numberOf(a), numberOf(b)];
  if (da && isNumber(b)) return withStep(da, { fn: 'add', args: [op === '-' ? -b.v : b.v] }, `${da.text} ${op} ${b.v}`, op);
  if (db && isNumber(a) && op === '+') return withStep(db, { fn: 'add', args: [a.v] }, `${a.v} + ${db.text}`, op);
  if (da && db && op === '-') return { k: 'difference', a: da, b: db };
  return undefined;
}

/** `a - b <op> n` (or `n <op> a - b`) as `a <op> b + n`; undefined when neither side is a difference. */
export function differenceCompare(l: Sym, r: Sym, op: CompareOp): C | undefined {
  if (l.k !== 'difference' && r.k !== 'difference') return undefined;
  if (l.k !== 'difference') return FLIPPED[op] ? differenceCompare(r, l, FLIPPED[op]!) : undefined;
  if (op === '!=') {
    const eq = differenceCompare(l, r, '==');
    return eq && cNot(eq);
  }
  const kind = ORDER[op];
  if (!kind || !isNumber(r)) return unknownC('comparison of a difference');
  const shifted = r.v === 0 ? l.b : withStep(l.b, { fn: 'add', args: [r.v] }, `${l.b.text} + ${r.v}`, '+');
  return compareValues(l.a, kind, shifted) ?? unknownC('comparison of a difference');
}

/** Python truth of `a - b`: the two differ. */
export function differenceTruth(d: Difference): C {
  return differenceCompare(d, { k: 'const', v: 0 }, '!=')!;
}
