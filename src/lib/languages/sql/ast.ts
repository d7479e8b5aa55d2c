/** Reading node-sql-parser's AST: node shapes, function names and arguments, column paths, the author's text of a node. */
import type { DepthGuard } from '../parsing/limits.ts';
import type { PreparedSql } from './prepare.ts';
import { PATH_PREFIX } from './prepare.ts';

/** A node of node-sql-parser's AST, read structurally. */
export interface SqlNode {
  type?: string;
  [key: string]: unknown;
}

export interface WhereContext {
  prepared: PreparedSql;
  /** Table names and aliases a column may be qualified with (dropped from field names). */
  qualifiers: Set<string>;
  reasons: string[];
  /** The author's text, to place a WHERE nested too deep and to quote computed values as written. */
  source?: string;
  /** Look-backs the filter states as time bounds relative to now (`p_event_time >= DATEADD(day, -1, CURRENT_TIMESTAMP)`). */
  windows?: string[];
  /** Levels of AND / OR / NOT the conversion is in (node-sql-parser nests a long mixed chain as deep as it is long). */
  depth?: DepthGuard;
}

export const asNode = (v: unknown): SqlNode | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as SqlNode) : undefined);

export function functionName(n: SqlNode): string {
  const name = n.name as unknown;
  if (typeof name === 'string') return name.toUpperCase();
  const parts = (asNode(name)?.name as { value?: string }[] | undefined) ?? [];
  // BigQuery's grammar files a bare function name under `schema`.
  const schema = asNode(asNode(name)?.schema)?.value;
  return (parts.length ? parts.map((p) => p.value ?? '').join('.') : String(schema ?? '')).toUpperCase();
}

export function argsOf(n: SqlNode): SqlNode[] {
  const args = asNode(n.args);
  if (!args) return [];
  if (Array.isArray(args.value)) return args.value as SqlNode[];
  return args.expr ? [args.expr as SqlNode] : [];
}

export function columnName(n: SqlNode, ctx: WhereContext): string | undefined {
  if (n.type !== 'column_ref') return undefined;
  const raw = n.column as unknown;
  const column = typeof raw === 'string' ? raw : String((asNode(asNode(raw)?.expr)?.value as string | undefined) ?? '');
  if (!column) return undefined;
  const path = column.startsWith(PATH_PREFIX) ? ctx.prepared.paths.get(column) ?? column : column;
  const table = typeof n.table === 'string' ? n.table : undefined;
  const notations = Array.isArray(n.notations) ? (n.notations as string[]) : [];
  if (table && notations[0] === ':') return `${table}.${path}`;
  if (table && !ctx.qualifiers.has(table)) return `${table}.${path}`;
  const first = path.split('.')[0];
  return path.includes('.') && ctx.qualifiers.has(first) ? path.slice(first.length + 1) : path;
}

type Span = { start: { offset: number }; end: { offset: number } };

/** The author's text of a node (comments and blanks collapsed), through the prepared text's offset map. */
export function sourceText(n: SqlNode, ctx: Pick<WhereContext, 'prepared'>, source: string): string | undefined {
  const loc = n.loc as Span | undefined;
  if (!loc) return undefined;
  const from = ctx.prepared.sourceOffset(loc.start.offset);
  const to = ctx.prepared.sourceOffset(loc.end.offset);
  return source.slice(from, Math.max(from, to)).replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').trim() || undefined;
}
