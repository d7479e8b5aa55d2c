/**
 * `column [NOT] IN (SELECT one_column FROM ...)` among the top-level conjuncts of a WHERE: a semi (or anti) join
 * with the rows of another query, taken out of the filter so that the subquery becomes a stage of its own and the
 * membership test the join's condition. Only top-level conjuncts are taken: under OR or NOT the test stays a reason.
 */
import { argsOf, columnName, functionName, sourceText, type SqlNode, type WhereContext } from './ast.ts';
import { orOfAnds } from './where.ts';

export interface InSubquery {
  /** The column tested, as a field path. */
  field: string;
  /** The column the subquery selects. */
  column: string;
  negated: boolean;
  select: SqlNode;
  /** The whole test as written. */
  text: string;
}

const selectOf = (n: SqlNode | undefined): SqlNode | undefined => {
  const ast = (n?.ast ?? n) as SqlNode | undefined;
  return ast?.type === 'select' ? ast : undefined;
};

function inSubquery(n: SqlNode, ctx: WhereContext): InSubquery | undefined {
  const op = String(n.operator ?? '').toUpperCase();
  if (n.type !== 'binary_expr' || (op !== 'IN' && op !== 'NOT IN') || ctx.source === undefined) return undefined;
  const field = columnName(n.left as SqlNode, ctx);
  const right = n.right as SqlNode;
  const items = right.type === 'expr_list' && Array.isArray(right.value) ? (right.value as SqlNode[]) : [right];
  const select = items.length === 1 ? selectOf(items[0]) : undefined;
  const columns = select?.columns;
  const only = Array.isArray(columns) && columns.length === 1 ? ((columns[0] as SqlNode).expr as SqlNode) : undefined;
  const column = only && columnName(only, { ...ctx, qualifiers: new Set() });
  const text = sourceText(n, ctx, ctx.source);
  if (!field || !select || !column || column === '*' || !text) return undefined;
  return { field, column, negated: op === 'NOT IN', select, text };
}

/** The WHERE's conjuncts with the IN-subquery tests taken out; undefined when there is none to take. */
export function liftInSubqueries(where: SqlNode | undefined, ctx: WhereContext): { rest: SqlNode[]; lifted: InSubquery[] } | undefined {
  if (!where) return undefined;
  const groups = orOfAnds(where);
  if (groups.length !== 1) return undefined;
  const lifted: InSubquery[] = [];
  const rest: SqlNode[] = [];
  for (const c of groups[0]) {
    const found = inSubquery(c, ctx);
    if (found) lifted.push(found);
    else rest.push(c);
  }
  return lifted.length ? { rest, lifted } : undefined;
}

/** Columns FLATTEN adds to each row (Snowflake): a filter naming one of them tests the elements. */
const FLATTEN_COLUMNS = new Set(['value', 'index', 'key', 'path', 'this', 'seq']);

/** The list `[LATERAL] FLATTEN(list)` or `TABLE(FLATTEN(input => list))` expands, unless OUTER keeps rows without elements. */
export function flattenedList(f: SqlNode, ctx: WhereContext): string | undefined {
  let call = f.type === 'expr' ? (f.expr as SqlNode | undefined) : undefined;
  if (call?.type === 'function' && functionName(call) === 'TABLE') call = argsOf(call)[0];
  if (!call || functionName(call) !== 'FLATTEN') return undefined;
  const named = call.args as { input?: { value?: SqlNode }; outer?: { value?: SqlNode } } | undefined;
  if (named?.outer?.value?.value === true) return undefined;
  const input = named?.input?.value ?? argsOf(call)[0];
  return input && columnName(input, ctx);
}

/**
 * A select over one table and FLATTENs of its lists whose filter names no column they add: each event stays when
 * its lists have an element (one row per element, the same filter on each), so each list is an any-element test.
 */
export function flattenOnly(from: SqlNode[], fields: string[], ctx: WhereContext): string[] | undefined {
  const lists = from.slice(1).map((f) => flattenedList(f, ctx));
  if (!lists.length || lists.some((l) => l === undefined)) return undefined;
  const aliases = new Set(from.slice(1).flatMap((f) => (typeof f.as === 'string' ? [f.as.toLowerCase()] : [])));
  const first = (field: string) => field.split('.')[0].toLowerCase();
  if (fields.some((field) => FLATTEN_COLUMNS.has(first(field)) || aliases.has(first(field)))) return undefined;
  return lists as string[];
}
