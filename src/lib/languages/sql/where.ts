/**
 * SQL boolean expressions (WHERE, ON) → condition tree. Comparisons of a column with literals become leaves;
 * LIKE/ILIKE patterns become exact/prefix/suffix/substring/wildcard leaves (LIKE case-sensitive, ILIKE not);
 * what has no leaf (subqueries, arbitrary functions, column-to-column tests) is dropped from an AND with a
 * reason, and makes an OR or NOT it sits in unknown.
 */
import { lineColumn } from '../../diagnostics.ts';
import { checkBudget, DepthGuard, nestingMessage, NestingTooDeep } from '../parsing/limits.ts';
import { and, leaf, mapLeaves, not, or } from '../../logic/tree.ts';
import type { Condition, LeafKind, Value } from '../../logic/types.ts';
import { argsOf, asNode, columnName, functionName, type SqlNode, type WhereContext } from './ast.ts';
import { computedOperand, isNow, literalArray, overlapScope, timeWindow, type ComputedOperand } from './computed.ts';
import type { Marker } from './prepare.ts';

const COMPARISONS: Record<string, LeafKind> = { '=': 'eq', '==': 'eq', '!=': 'ne', '<>': 'ne', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' };
const FLIPPED: Record<string, string> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };
const CASE_FOLDING = new Set(['LOWER', 'UPPER', 'LCASE', 'UCASE']);
const TRANSPARENT = new Set(['COALESCE', 'IFNULL', 'NVL', 'TRIM', 'TO_VARCHAR', 'TO_CHAR', 'TO_STRING', 'STRING', 'AS_VARCHAR', 'TO_VARIANT', 'TO_JSON', 'PARSE_JSON', 'CAST']);

function literal(n: SqlNode): { ok: true; value: Value } | { ok: false } {
  switch (n.type) {
    case 'single_quote_string':
    case 'double_quote_string':
    case 'string':
    case 'natural_string':
      return { ok: true, value: String(n.value) };
    case 'number':
      return { ok: true, value: Number(n.value) };
    case 'bool':
    case 'boolean':
      return { ok: true, value: Boolean(n.value) };
    case 'null':
      return { ok: true, value: null };
    // TIMESTAMP '2025-11-24 03:00:00': the instant as written.
    case 'timestamp':
    case 'date':
      return typeof n.value === 'string' ? { ok: true, value: n.value } : { ok: false };
    default:
      return { ok: false };
  }
}

/** The field an operand reads, and whether a case-folding function wraps it. */
function operandField(n: SqlNode, ctx: WhereContext): { field: string; folded: boolean } | undefined {
  const col = columnName(n, ctx);
  if (col) return { field: col, folded: false };
  if (n.type === 'function' || n.type === 'cast') {
    const name = n.type === 'cast' ? 'CAST' : functionName(n);
    const inner = n.type === 'cast' ? asNode(n.expr) : argsOf(n)[0];
    if (!inner || !(CASE_FOLDING.has(name) || TRANSPARENT.has(name))) return undefined;
    const f = operandField(inner, ctx);
    return f && { field: f.field, folded: f.folded || CASE_FOLDING.has(name) };
  }
  return undefined;
}

function markerIn(node: SqlNode, left: SqlNode, ctx: WhereContext): Marker | undefined {
  const span = (n: SqlNode) => asNode(n.loc) as { start: { offset: number }; end: { offset: number } } | undefined;
  const from = span(left)?.end.offset ?? span(node)?.start.offset;
  const to = span(node)?.end.offset;
  if (from === undefined || to === undefined) return undefined;
  for (const [offset, marker] of ctx.prepared.markers) if (offset >= from && offset < to) return marker;
  return undefined;
}

/** A LIKE pattern as the narrowest leaf kind that says the same. */
export function likeLeaf(field: string, pattern: string, caseSensitive: boolean): Condition {
  const extra = caseSensitive ? { caseSensitive: true } : {};
  const body = pattern.replace(/^%+|%+$/g, '');
  if (!/[%_\\]/.test(body)) {
    const lead = pattern.startsWith('%');
    const trail = pattern.endsWith('%') && pattern.length > 1;
    const kind: LeafKind = lead && trail ? 'contains' : lead ? 'endswith' : trail ? 'startswith' : 'eq';
    return leaf(field, kind, [body], extra);
  }
  const wildcard = likeToWildcard(pattern);
  return leaf(field, 'wildcard', [wildcard], extra);
}

function describe(n: SqlNode): string {
  if (n.type === 'function' || n.type === 'aggr_func') return `function ${functionName(n)}`;
  if (n.ast || n.type === 'select') return 'subquery';
  return `expression ${n.type ?? '?'}`;
}

export function convertWhere(node: SqlNode | undefined, ctx: WhereContext): Condition | undefined {
  if (!node) return undefined;
  ctx.depth ??= DepthGuard.forOffsets();
  try {
    const r = convert(node, ctx);
    return r === TRUE ? undefined : r;
  } catch (e) {
    if (!(e instanceof NestingTooDeep)) throw e;
    const at = ctx.source === undefined ? undefined : lineColumn(ctx.source, ctx.prepared.sourceOffset(e.offset));
    return unknown(ctx, `WHERE ${at ? nestingMessage(at) : e.message}`);
  }
}

/** One level deeper into AND / OR / NOT, at the node's offset in the prepared text. */
function deeper<T>(n: SqlNode, ctx: WhereContext, fn: () => T): T {
  const offset = (asNode(n.loc) as { start?: { offset?: number } } | undefined)?.start?.offset ?? 0;
  return ctx.depth ? ctx.depth.nested(offset, fn) : fn();
}

/** Marks an expression that always holds (TRUE, time windows): it drops out of an AND. */
const TRUE: Condition = { type: 'and', children: [] };

function unknown(ctx: WhereContext, why: string): undefined {
  ctx.reasons.push(why);
  return undefined;
}

const isAndOr = (n: SqlNode) => n.type === 'binary_expr' && ['AND', 'OR'].includes(String(n.operator).toUpperCase());

/**
 * The operands of an AND / OR chain grouped by SQL precedence: an OR of AND groups. node-sql-parser 5.4 gives AND
 * and OR one precedence in its Snowflake, PostgreSQL and MySQL grammars (`a AND b OR c AND d` comes back as
 * ((a AND b) OR c) AND d), so the chain's operands and operators are read back in source order, down to
 * parenthesized expressions, and regrouped with AND binding tighter. Iterative: a chain nests as deep as it is long.
 */
export function orOfAnds(n: SqlNode): SqlNode[][] {
  const groups: SqlNode[][] = [[]];
  const stack: (SqlNode | 'AND' | 'OR')[] = [n];
  while (stack.length) {
    checkBudget();
    const top = stack.pop()!;
    if (top === 'OR') groups.push([]);
    else if (top === 'AND') continue;
    else if (isAndOr(top) && (top === n || !top.parentheses)) stack.push(asNode(top.right)!, String(top.operator).toUpperCase() as 'AND' | 'OR', asNode(top.left)!);
    else groups[groups.length - 1].push(top);
  }
  return groups;
}

function convert(n: SqlNode, ctx: WhereContext): Condition | undefined {
  checkBudget();
  if ((n.type === 'bool' || n.type === 'boolean') && n.value === true) return TRUE;
  if (n.type === 'column_ref' && columnName(n, ctx)) return leaf(columnName(n, ctx)!, 'eq', [true]);
  if (n.type === 'unary_expr' && ['NOT', '!'].includes(String(n.operator).toUpperCase())) return deeper(n, ctx, () => negate(asNode(n.expr), ctx));
  if (n.type === 'function' && functionName(n) === 'NOT') return deeper(n, ctx, () => negate(argsOf(n)[0], ctx));
  if (n.type === 'function') return functionCall(n, ctx);
  if (n.type !== 'binary_expr') return unknown(ctx, describe(n));
  const op = String(n.operator).toUpperCase();
  const left = asNode(n.left)!;
  const right = asNode(n.right)!;
  if (op === 'AND' || op === 'OR') {
    const groups = deeper(n, ctx, () => orOfAnds(n).map((g) => g.map((c) => convert(c, ctx)).filter((c) => c !== TRUE)));
    const terms = groups.map((parts) => (parts.length === 0 ? TRUE : and(...parts)));
    if (terms.length === 1) return terms[0];
    if (terms.includes(TRUE)) return TRUE;
    return terms.every((c) => c !== undefined) ? or(...terms) : undefined;
  }
  return comparison(op, n, left, right, ctx);
}

function negate(child: SqlNode | undefined, ctx: WhereContext): Condition | undefined {
  const c = child && convert(child, ctx);
  if (c === TRUE) return unknown(ctx, 'NOT TRUE');
  return c && not(c);
}

function comparison(op: string, n: SqlNode, left: SqlNode, right: SqlNode, ctx: WhereContext): Condition | undefined {
  const window = timeWindow(op, left, right, ctx);
  if (window !== undefined) {
    ctx.windows?.push(window);
    return TRUE;
  }
  const overlap = intersectionTest(op, left, right, ctx);
  if (overlap) return overlap;
  const negated = op.startsWith('NOT ') || op === 'IS NOT';
  const base = op === 'IS NOT' ? 'IS' : negated ? op.slice(4) : op;
  let f = operandField(left, ctx);
  let other = right;
  let cmp = base;
  if (!f && COMPARISONS[base]) {
    f = operandField(right, ctx);
    other = left;
    cmp = FLIPPED[base] ?? base;
  }
  let computed: ComputedOperand | undefined;
  if (!f) {
    computed = computedOperand(left, ctx);
    [other, cmp] = [right, base];
    if (!computed && COMPARISONS[base]) {
      computed = computedOperand(right, ctx);
      [other, cmp] = [left, FLIPPED[base] ?? base];
    }
    f = computed && { field: computed.field, folded: false };
  }
  if (!f) return unknown(ctx, `${describe(left)} ${op}`);
  const c = compare(n, left, other, { op, base, cmp, negated }, f, ctx);
  if (!computed || !c) return c;
  const { field, computed: calls, derive } = computed;
  return mapLeaves(c, (l) => (l.field === field ? { ...l, computed: calls, ...(derive && { derive }) } : l));
}

interface Operator {
  op: string;
  base: string;
  /** The operator with the field on the left. */
  cmp: string;
  negated: boolean;
}

/** `ARRAY_INTERSECTION(list, ARRAY_CONSTRUCT(...)) != []`: some element of the list is one of the values. */
function intersectionTest(op: string, left: SqlNode, right: SqlNode, ctx: WhereContext): Condition | undefined {
  if (!['!=', '<>', '='].includes(op) || left.type !== 'function' || functionName(left) !== 'ARRAY_INTERSECTION') return undefined;
  const [list, items] = argsOf(left);
  const field = list && operandField(list, ctx);
  const values = literalArray(items, literal);
  if (!field || !values?.length || literalArray(right, literal)?.length !== 0) return undefined;
  const some = overlapScope(field.field, values);
  return op === '=' ? not(some) : some;
}

function compare(n: SqlNode, left: SqlNode, other: SqlNode, { op, base, cmp, negated }: Operator, f: { field: string; folded: boolean }, ctx: WhereContext): Condition | undefined {
  const wrap = (c: Condition | undefined) => (negated ? not(c) : c);
  const field = f.field;
  const cs = f.folded ? {} : { caseSensitive: true };
  if (base === 'IS') {
    const v = literal(other);
    if (!v.ok) return unknown(ctx, `IS ${describe(other)}`);
    return wrap(v.value === null ? leaf(field, 'is_null') : leaf(field, 'eq', [v.value]));
  }
  if (base === 'BETWEEN') {
    const bounds = (asNode(other)?.value as SqlNode[] | undefined) ?? [];
    const [lo, hi] = bounds.map(literal);
    // `start_time BETWEEN '2024-04-01' AND CURRENT_TIMESTAMP`: no logged row is later than now.
    if (lo?.ok && isNow(bounds[1])) return wrap(leaf(field, 'gte', [lo.value]));
    if (!lo?.ok || !hi?.ok) return unknown(ctx, 'BETWEEN with expressions');
    return wrap(and(leaf(field, 'gte', [lo.value]), leaf(field, 'lte', [hi.value])));
  }
  if (base === 'IN') {
    const items = Array.isArray(other.value) ? (other.value as SqlNode[]) : [];
    if (other.type !== 'expr_list' || items.some((i) => !literal(i).ok)) return unknown(ctx, other.ast || items.some((i) => i.ast) ? 'IN subquery' : 'IN with expressions');
    const values = items.map((i) => (literal(i) as { value: Value }).value);
    const marker = markerIn(n, left, ctx);
    if (marker === 'like-any' || marker === 'ilike-any') {
      const alts = values.map((v) => likeLeaf(field, String(v), marker === 'like-any' && !f.folded));
      return wrap(or(...alts));
    }
    return wrap(values.length === 1 ? leaf(field, 'eq', values, cs) : leaf(field, 'in', values, cs));
  }
  if (base === 'LIKE' || base === 'ILIKE' || base === 'RLIKE' || base === 'REGEXP') {
    const v = literal(other);
    if (!v.ok || typeof v.value !== 'string') return unknown(ctx, `${op} ${describe(other)}`);
    const regex = base === 'RLIKE' || base === 'REGEXP' || markerIn(n, left, ctx) === 'regex';
    if (regex) return wrap(leaf(field, 'regex', [v.value], cs));
    return wrap(likeLeaf(field, v.value, base === 'LIKE' && !f.folded));
  }
  const kind = COMPARISONS[cmp];
  if (!kind) return unknown(ctx, `operator ${op}`);
  const v = literal(other);
  if (!v.ok) return unknown(ctx, operandField(other, ctx) ? 'column comparison' : `${op} ${describe(other)}`);
  if (v.value === null) return kind === 'eq' ? leaf(field, 'is_null') : kind === 'ne' ? leaf(field, 'is_not_null') : unknown(ctx, `${op} NULL`);
  if (kind === 'ne') return not(leaf(field, 'eq', [v.value], cs));
  return leaf(field, kind, [v.value], kind === 'eq' ? cs : {});
}

/** Boolean functions with a leaf of their own: ARRAY_CONTAINS, CONTAINS, STARTSWITH, ENDSWITH, REGEXP_LIKE. */
function functionCall(n: SqlNode, ctx: WhereContext): Condition | undefined {
  const name = functionName(n);
  const args = argsOf(n);
  if (name === 'ARRAY_CONTAINS' && args.length === 2) {
    const v = literal(args[0]);
    const list = operandField(args[1], ctx);
    if (v.ok && list) return leaf(list.field, 'contains', [v.value], { caseSensitive: true });
    // ARRAY_CONTAINS(column, [literals]): the column's value is one of the list.
    const column = operandField(args[0], ctx);
    const items = literalArray(args[1], literal);
    if (column && items?.length) return leaf(column.field, 'in', items, { caseSensitive: true });
  }
  if (name === 'ARRAYS_OVERLAP' && args.length === 2) {
    const [list, items] = [operandField(args[0], ctx), literalArray(args[1], literal)] as const;
    if (list && items?.length) return overlapScope(list.field, items);
  }
  const kinds: Record<string, LeafKind> = { CONTAINS: 'contains', STARTSWITH: 'startswith', ENDSWITH: 'endswith', REGEXP_LIKE: 'regex', RLIKE: 'regex' };
  if (kinds[name] && args.length >= 2) {
    const f = operandField(args[0], ctx);
    const v = literal(args[1]);
    if (f && v.ok) return leaf(f.field, kinds[name], [v.value], f.folded ? {} : { caseSensitive: true });
  }
  return unknown(ctx, `function ${name}`);
}

/** LIKE `%` and `_` as the tree's `*` and `?`; `\%`, `\_` and `\\` are the literal characters. */
function likeToWildcard(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length && '%_\\'.includes(pattern[i + 1])) out += pattern[++i];
    else out += ch === '%' ? '*' : ch === '_' ? '?' : ch;
  }
  return out;
}
