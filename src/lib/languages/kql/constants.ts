/**
 * Values a KQL expression has whatever the row: literals and let-bound values (bindings.ts), numeric conversions
 * of them (`toint(49512)`), and comparisons of two of them (`EnableCategoryFilter == false` with
 * `let EnableCategoryFilter = true`), which rules use as switches that turn a filter on or off.
 */
import type { Value } from '../../logic/types.ts';
import type { Expr } from './ast.ts';
import { constantValues, type Env } from './bindings.ts';

const NUMERIC = new Set(['toint', 'tolong', 'todouble', 'toreal', 'todecimal']);

export function constants(e: Expr, env: Env): Value[] | undefined {
  const direct = constantValues(e, env);
  if (direct || e.type !== 'call' || !NUMERIC.has(e.name.toLowerCase()) || e.args.length !== 1) return direct;
  const inner = constants(e.args[0], env);
  if (inner?.length !== 1) return undefined;
  const n = typeof inner[0] === 'number' ? inner[0] : typeof inner[0] === 'string' && inner[0].trim() !== '' ? Number(inner[0]) : Number.NaN;
  if (Number.isNaN(n)) return undefined;
  return [e.name.toLowerCase() === 'toint' || e.name.toLowerCase() === 'tolong' ? Math.trunc(n) : n];
}

const COMPARE: Record<string, (a: Value, b: Value) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<>': (a, b) => a !== b,
  '=~': (a, b) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b),
  '!~': (a, b) => !(typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b),
  '<': (a, b) => a !== null && b !== null && a < b,
  '<=': (a, b) => a !== null && b !== null && a <= b,
  '>': (a, b) => a !== null && b !== null && a > b,
  '>=': (a, b) => a !== null && b !== null && a >= b,
};

/** The result of comparing two constants of the same type; undefined when either side is no single constant. */
export function constantComparison(op: string, left: Expr, right: Expr, env: Env): boolean | undefined {
  const compare = Object.hasOwn(COMPARE, op) ? COMPARE[op] : undefined;
  if (!compare) return undefined;
  const a = constants(left, env);
  const b = constants(right, env);
  if (a?.length !== 1 || b?.length !== 1 || typeof a[0] !== typeof b[0]) return undefined;
  return compare(a[0], b[0]);
}
