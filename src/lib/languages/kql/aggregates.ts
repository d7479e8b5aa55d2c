/**
 * Filters on summarized rows, said in full: the aggregate functions a filter reads, for the correlation's kind
 * (`count_ > 5` reads count: threshold; `array_length(Users) > 3` over `Users = make_set(UserId)` the number of
 * distinct UserId: distinct count), and the definitions of the columns it reads that later operators computed
 * from aggregates (`(anomalies, score, baseline) = series_decompose_anomalies(Total, 1.5, -1, 'linefit')`).
 */
import type { Expr } from './ast.ts';

const SETS = new Set(['make_set', 'make_set_if', 'makeset']);
const SIZES = new Set(['array_length', 'dcount']);

function children(x: Expr): Expr[] {
  const out: Expr[] = [];
  for (const child of Object.values(x)) {
    if (Array.isArray(child)) child.forEach((c) => c && typeof c === 'object' && 'type' in c && out.push(c as Expr));
    else if (child && typeof child === 'object' && 'type' in child) out.push(child as Expr);
  }
  return out;
}

export function aggregateReads(e: Expr, functions: Map<string, string>, isAggregate: (name: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (x: Expr) => {
    if (x.type === 'name') {
      if (isAggregate(x.name)) out.push(functions.get(x.name) ?? 'computed');
      return;
    }
    if (x.type === 'call' && SIZES.has(x.name.toLowerCase()) && x.args.length === 1 && x.args[0].type === 'name' && isAggregate(x.args[0].name)) {
      const fn = functions.get(x.args[0].name);
      out.push(fn && SETS.has(fn) ? 'dcount' : (fn ?? 'computed'));
      return;
    }
    children(x).forEach(visit);
  };
  visit(e);
  return out;
}

/**
 * A column computed from aggregates after the aggregation: its definition as written (`Diff = A - B`) and the
 * derived columns it read when it was defined (a redefinition `anomalies = toint(anomalies)` reads the earlier one).
 */
export interface Derived {
  text: string;
  reads: Derived[];
  /** Names the definition reads (for let-bound values). */
  names: string[];
}

/**
 * The expression starting at `start` as written, on one line: up to the `,`, `|`, `;` or `)` that ends it outside
 * brackets and strings.
 */
export function expressionText(query: string, start: number): string {
  let depth = 0;
  let quote = '';
  let i = start;
  for (; i < query.length; i++) {
    const c = query[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ',' || c === '|' || c === ';')) break;
    else if (depth === 0 && c === '/' && query[i + 1] === '/') break;
  }
  return query.slice(start, i).replace(/\s+/g, ' ').trim();
}

/** Names an expression reads. */
export function namesRead(e: Expr, out: string[] = []): string[] {
  if (e.type === 'name') out.push(e.name);
  children(e).forEach((c) => namesRead(c, out));
  return out;
}

/** The definitions behind `derived`, those they read first, each once. */
export function definitions(derived: Derived[]): string[] {
  const lines: string[] = [];
  const seen = new Set<Derived>();
  const visit = (d: Derived) => {
    if (seen.has(d)) return;
    seen.add(d);
    d.reads.forEach(visit);
    lines.push(d.text);
  };
  derived.forEach(visit);
  return [...new Set(lines)];
}
