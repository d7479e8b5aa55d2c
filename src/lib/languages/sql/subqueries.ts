/**
 * `column [NOT] IN (SELECT one_column FROM ...)` among the top-level conjuncts of a WHERE: a semi (or anti) join
 * with the rows of another query, taken out of the filter so that the subquery becomes a stage of its own and the
 * membership test the join's condition. Only top-level conjuncts are taken: under OR or NOT the test stays a reason.
 */
import { columnName, sourceText, type SqlNode, type WhereContext } from './ast.ts';
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
