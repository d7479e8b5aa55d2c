/**
 * What a SQL filter computes before it compares. A time bound relative to now (`p_event_time >= DATEADD(day, -1,
 * CURRENT_TIMESTAMP)`, `DATEDIFF(minute, start_time, CURRENT_TIMESTAMP) < 60`) is the query's look-back, as
 * Panther's p_occurs_since is: it holds for every row the query reads. A function of columns (`LEN(actor:alternateId)`,
 * `SPLIT_PART(userIdentity:arn, '/', -1)`) is a computed value, quoted as written, with its derivation when
 * every call maps to a derive step. Array tests (ARRAYS_OVERLAP, ARRAY_INTERSECTION(...) != []) are scopes.
 */
import type { Derivation, DeriveStep } from '../../logic/derive.ts';
import { leaf, scope, uniq } from '../../logic/tree.ts';
import type { Condition, Value } from '../../logic/types.ts';
import { argsOf, asNode, columnName, functionName, sourceText, type SqlNode, type WhereContext } from './ast.ts';

const NOW = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'GETDATE', 'SYSDATE', 'SYSTIMESTAMP', 'NOW', 'LOCALTIMESTAMP', 'P_CURRENT_TIMESTAMP']);
const DATE_ADD = new Set(['DATEADD', 'TIMEADD', 'TIMESTAMPADD']);

/** Whether an expression reads the current time. */
function readsNow(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(readsNow);
  const n = asNode(v);
  if (!n) return false;
  if (n.type === 'function' && NOW.has(functionName(n))) return true;
  if (n.type === 'column_ref' && typeof n.column === 'string' && NOW.has(n.column.toUpperCase())) return true;
  return Object.entries(n).some(([k, child]) => k !== 'loc' && readsNow(child));
}

/** `CURRENT_TIMESTAMP` itself: an upper bound every logged row meets. */
export function isNow(n: SqlNode | undefined): boolean {
  if (n?.type === 'function') return NOW.has(functionName(n));
  return n?.type === 'column_ref' && typeof n.column === 'string' && NOW.has(n.column.toUpperCase());
}

/** A date unit as written: a bare word (`day`) or a string (`'day'`). */
function unitOf(n: SqlNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'column_ref' && typeof n.column === 'string') return n.column.toLowerCase();
  return typeof n.value === 'string' ? n.value.toLowerCase() : undefined;
}

/** `DATEADD(day, -1, CURRENT_TIMESTAMP)` → "1 day"; any other expression relative to now as written. */
function lookBack(n: SqlNode, ctx: WhereContext): string | undefined {
  if (n.type === 'function' && DATE_ADD.has(functionName(n))) {
    const [unit, amount, from] = argsOf(n);
    const u = unitOf(unit);
    if (u && amount?.type === 'number' && Number(amount.value) < 0 && from && readsNow(from)) return `${-Number(amount.value)} ${u}`;
  }
  const text = (m: SqlNode) => (ctx.source === undefined ? undefined : sourceText(m, ctx, ctx.source));
  // CURRENT_TIMESTAMP - INTERVAL '7 days' → "7 days".
  if (n.type === 'binary_expr' && n.operator === '-' && readsNow(n.left) && !readsNow(n.right)) {
    const right = n.right as SqlNode;
    const amount = asNode(right.expr)?.value;
    if (right.type === 'interval' && (typeof amount === 'string' || typeof amount === 'number')) return `${amount}${right.unit ? ` ${String(right.unit).toLowerCase()}` : ''}`;
  }
  return text(n);
}

const isColumn = (n: SqlNode, ctx: WhereContext) => columnName(n, ctx) !== undefined;

/**
 * The look-back a comparison states when it bounds a column from below by a time relative to now; undefined for
 * any other comparison (an upper bound such as `p_event_time < DATEADD(day, -1, ...)` selects older rows: a filter).
 */
export function timeWindow(op: string, left: SqlNode, right: SqlNode, ctx: WhereContext): string | undefined {
  if ((op === '>' || op === '>=') && isColumn(left, ctx) && readsNow(right) && !readsNow(left)) return lookBack(right, ctx) ?? '';
  if ((op === '<' || op === '<=') && isColumn(right, ctx) && readsNow(left) && !readsNow(right)) return lookBack(left, ctx) ?? '';
  const [diff, limit] = op === '<' || op === '<=' ? [left, right] : op === '>' || op === '>=' ? [right, left] : [];
  if (diff?.type !== 'function' || functionName(diff) !== 'DATEDIFF' || limit?.type !== 'number') return undefined;
  const [unit, since, until] = argsOf(diff);
  if (!since || !until || !isColumn(since, ctx) || !readsNow(until) || !unitOf(unit)) return undefined;
  return `${Number(limit.value)} ${unitOf(unit)}`;
}

export interface ComputedOperand {
  /** The expression as the rule writes it. */
  field: string;
  /** The functions it calls, as written. */
  computed: string[];
  derive?: Derivation;
}

/** The name of a call as the author spells it (`SPLIT_PART`, `lower`). */
function writtenName(n: SqlNode, ctx: WhereContext): string {
  const text = ctx.source === undefined ? undefined : sourceText(n, ctx, ctx.source);
  const name = functionName(n);
  return text?.toUpperCase().startsWith(name) ? text.slice(0, name.length) : name;
}

function callsOf(v: unknown, ctx: WhereContext): string[] {
  if (Array.isArray(v)) return v.flatMap((c) => callsOf(c, ctx));
  const n = asNode(v);
  if (!n) return [];
  const own = n.type === 'function' || n.type === 'aggr_func' ? [writtenName(n, ctx)] : [];
  return [...own, ...Object.entries(n).flatMap(([k, child]) => (k === 'loc' || k === 'name' ? [] : callsOf(child, ctx)))];
}

function readsColumn(v: unknown, ctx: WhereContext): boolean {
  if (Array.isArray(v)) return v.some((c) => readsColumn(c, ctx));
  const n = asNode(v);
  if (!n) return false;
  if (n.type === 'column_ref') return isColumn(n, ctx);
  return Object.entries(n).some(([k, child]) => k !== 'loc' && readsColumn(child, ctx));
}

/** A function of the row's columns as a computed value; undefined for anything else. */
export function computedOperand(n: SqlNode, ctx: WhereContext): ComputedOperand | undefined {
  if (n.type !== 'function' || readsNow(n) || !readsColumn(n, ctx) || ctx.source === undefined) return undefined;
  const field = sourceText(n, ctx, ctx.source);
  if (!field) return undefined;
  const derive = derivation(n, ctx);
  return { field, computed: uniq(callsOf(n, ctx)), ...(derive && { derive }) };
}

const STEP: Record<string, DeriveStep['fn']> = { LOWER: 'lower', LCASE: 'lower', UPPER: 'upper', UCASE: 'upper', TRIM: 'trim', LEN: 'length', LENGTH: 'length', ARRAY_SIZE: 'length' };

/** The call chain as derive steps, when every call has one (SPLIT_PART counts from 1, and from the end when negative). */
function derivation(n: SqlNode, ctx: WhereContext): Derivation | undefined {
  const column = columnName(n, ctx);
  if (column) return { from: column, steps: [] };
  if (n.type !== 'function') return undefined;
  const name = functionName(n);
  const [first, ...rest] = argsOf(n);
  const inner = first && derivation(first, ctx);
  if (!inner) return undefined;
  if (STEP[name] && rest.length === 0) return { ...inner, steps: [...inner.steps, { fn: STEP[name] }] };
  const sep = rest[0]?.type === 'single_quote_string' && typeof rest[0].value === 'string' && rest[0].value !== '' ? rest[0].value : undefined;
  if (name === 'SPLIT_PART' && sep !== undefined && rest[1]?.type === 'number') {
    const part = Number(rest[1].value);
    return { ...inner, steps: [...inner.steps, { fn: 'split', args: [sep] }, { fn: 'index', args: [part > 0 ? part - 1 : part === 0 ? 0 : part] }] };
  }
  if (name === 'SPLIT' && sep !== undefined && rest.length === 1) return { ...inner, steps: [...inner.steps, { fn: 'split', args: [sep] }] };
  return undefined;
}

/** Literal items of `ARRAY_CONSTRUCT(...)` or `[...]`; undefined when one is not a literal. */
export function literalArray(n: SqlNode | undefined, literal: (n: SqlNode) => { ok: true; value: Value } | { ok: false }): Value[] | undefined {
  if (!n) return undefined;
  let items: SqlNode[] | undefined;
  if (n.type === 'function' && functionName(n) === 'ARRAY_CONSTRUCT') items = argsOf(n);
  else if (n.type === 'array') {
    if (Array.isArray(n.array_path)) items = (n.array_path as { expr: SqlNode }[]).map((p) => p.expr);
    else {
      const list = asNode(n.expr_list)?.value;
      items = Array.isArray(list) ? (list as SqlNode[]) : [];
    }
  }
  if (!items) return undefined;
  const values = items.map(literal);
  return values.every((v) => v.ok) ? values.map((v) => (v as { value: Value }).value) : undefined;
}

/** `ARRAYS_OVERLAP(list, ARRAY_CONSTRUCT(...))`: some element of the list is one of the values. */
export function overlapScope(field: string, values: Value[]): Condition | undefined {
  return scope('any', field, leaf('.', values.length === 1 ? 'eq' : 'in', values, { caseSensitive: true }));
}
