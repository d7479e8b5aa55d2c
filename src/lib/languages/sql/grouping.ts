/**
 * GROUP BY / HAVING → the correlation of the stages model: grouped by the GROUP BY keys, with the HAVING
 * condition as the author wrote it. A HAVING that only compares row counts is a threshold; one on
 * COUNT(DISTINCT x) a distinct count; any other aggregate (SUM, AVG, ARRAY_AGG, ...) an aggregation.
 */
import { uniq } from '../../logic/tree.ts';
import type { Correlation, CorrelationKind } from '../../logic/types.ts';
import { columnName, functionName, sourceText, type SqlNode, type WhereContext } from './ast.ts';

interface Grouped extends SqlNode {
  groupby?: { columns?: SqlNode[] | null } | SqlNode[] | null;
  having?: SqlNode | null;
  columns?: SqlNode[] | string | null;
}

function aggregateKind(n: SqlNode | undefined, aliases: Map<string, SqlNode>, ctx: WhereContext): CorrelationKind | undefined {
  if (!n) return undefined;
  if (n.type === 'column_ref') {
    const name = columnName(n, ctx);
    const target = name ? aliases.get(name.toLowerCase()) : undefined;
    return target ? aggregateKind(target, new Map(), ctx) : undefined;
  }
  if (n.type === 'aggr_func') {
    const name = functionName(n);
    const args = n.args as { distinct?: string | null } | undefined;
    if (name === 'COUNT') return args?.distinct ? 'distinct_count' : 'threshold';
    return 'aggregation';
  }
  if (n.type === 'function' && functionName(n) === 'COUNT_IF') return 'threshold';
  return 'aggregation';
}

function havingKinds(n: SqlNode | undefined, aliases: Map<string, SqlNode>, ctx: WhereContext): CorrelationKind[] {
  if (!n) return [];
  if (n.type === 'binary_expr') {
    const op = String(n.operator).toUpperCase();
    if (op === 'AND' || op === 'OR') return [...havingKinds(n.left as SqlNode, aliases, ctx), ...havingKinds(n.right as SqlNode, aliases, ctx)];
    const left = n.left as SqlNode;
    const right = n.right as SqlNode;
    const side = right.type === 'number' ? left : left.type === 'number' ? right : undefined;
    return [side ? aggregateKind(side, aliases, ctx) ?? 'aggregation' : 'aggregation'];
  }
  return ['aggregation'];
}

export function groupingOf(s: Grouped, ctx: WhereContext, source: string): Correlation {
  const g = s.groupby;
  const keys = (Array.isArray(g) ? g : g?.columns ?? []) as SqlNode[];
  const columns = Array.isArray(s.columns) ? s.columns : [];
  const aliases = new Map<string, SqlNode>();
  for (const c of columns) if (typeof c.as === 'string' && c.expr) aliases.set(c.as.toLowerCase(), c.expr as SqlNode);
  const by = uniq(
    keys.flatMap((k) => {
      if (k.type === 'number' && columns[Number(k.value) - 1]) {
        const c = columns[Number(k.value) - 1];
        return [typeof c.as === 'string' ? c.as : (columnName(c.expr as SqlNode, ctx) ?? String(k.value))];
      }
      const name = columnName(k, ctx) ?? sourceText(k, ctx, source);
      return name ? [name] : [];
    }),
  );
  const having = s.having ?? undefined;
  if (!having) return { kind: 'aggregation', by, summary: `Rows grouped by ${by.join(', ') || 'all'}` };
  const kinds = uniq(havingKinds(having, aliases, ctx));
  const kind: CorrelationKind = kinds.length === 1 ? kinds[0] : 'aggregation';
  const condition = sourceText(having, ctx, source);
  return { kind, by, ...(condition ? { condition } : {}) };
}


/** The window function a QUALIFY compares: written inline, or through the alias of a selected column. */
function windowCall(n: SqlNode, columns: SqlNode[], ctx: WhereContext): SqlNode | undefined {
  if (n.type === 'aggr_func' || n.type === 'function') return n.over ? n : undefined;
  const name = columnName(n, ctx)?.toLowerCase();
  const target = columns.find((c) => typeof c.as === 'string' && c.as.toLowerCase() === name)?.expr as SqlNode | undefined;
  return target && (target.type === 'aggr_func' || target.type === 'function') && target.over ? target : undefined;
}

/**
 * `QUALIFY <window aggregate> <op> <number>`: rows kept while their partition's aggregate passes the test, i.e. a
 * count (or other aggregate) per partition key. Undefined for any other QUALIFY (ranking, several tests).
 */
export function qualifyCorrelation(s: Grouped & { qualify?: SqlNode | null }, ctx: WhereContext, source: string): Correlation | undefined {
  const q = s.qualify;
  if (q?.type !== 'binary_expr' || !['>', '>=', '<', '<=', '=', '!='].includes(String(q.operator))) return undefined;
  const [left, right] = [q.left as SqlNode, q.right as SqlNode];
  const [side, limit, op] = right.type === 'number' ? [left, right, String(q.operator)] : left.type === 'number' ? [right, left, FLIPPED[String(q.operator)] ?? String(q.operator)] : [];
  const call = side && windowCall(side, Array.isArray(s.columns) ? s.columns : [], ctx);
  const spec = (call?.over as { as_window_specification?: { window_specification?: { partitionby?: SqlNode[] | null; orderby?: unknown } } } | undefined)?.as_window_specification?.window_specification;
  if (!call || !limit || !spec || spec.orderby) return undefined;
  const by = (spec.partitionby ?? []).map((p) => columnName(p.expr as SqlNode, ctx) ?? sourceText(p.expr as SqlNode, ctx, source));
  // The window's OVER (...) is stated by `by`; the condition keeps the aggregate and the test as written.
  const withoutOver = (t: string | undefined) => t?.replace(/\s+over\s*\([^)]*\)/gi, '');
  const text = call === side ? withoutOver(sourceText(q, ctx, source)) : withoutOver(sourceText(call, ctx, source))?.concat(` ${op} ${String(limit.value)}`);
  if (!text || by.some((k) => k === undefined)) return undefined;
  return { kind: aggregateKind(call, new Map(), ctx) ?? 'aggregation', by: by as string[], condition: text };
}

const FLIPPED: Record<string, string> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };
