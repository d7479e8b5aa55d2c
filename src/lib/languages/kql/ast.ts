/**
 * A small KQL syntax tree of our own, converted from the Kusto language service's tree (service.ts), so the
 * extractor reads plain objects and tests can build them by hand. It keeps what the logic extractor follows
 * (pipelines, operators, predicates, let bindings); anything else becomes an `other` node with its text.
 */
import type { Value } from '../../logic/types.ts';

export type Expr =
  | { type: 'name'; name: string; start: number }
  | { type: 'literal'; value: Value; raw: string; start: number }
  /** dynamic([...]) / dynamic({...}) with its JSON value (undefined when it holds non-literal parts). */
  | { type: 'dynamic'; value: unknown; start: number }
  /** a.b and a['b']. */
  | { type: 'path'; base: Expr; member: string; start: number }
  /** a[0], a[-1], a[expr]. */
  | { type: 'index'; base: Expr; index: Expr; start: number }
  /** Binary operators with their lower-cased text: and, or, ==, =~, !=, has, !has_cs, matches regex, +, <... */
  | { type: 'binary'; op: string; left: Expr; right: Expr; start: number }
  /** in, in~, !in, !in~, has_any, has_all (and their variants) with the list of alternatives. */
  | { type: 'list'; op: string; left: Expr; items: Expr[]; start: number }
  | { type: 'between'; negated: boolean; left: Expr; low: Expr; high: Expr; start: number }
  | { type: 'call'; name: string; args: Expr[]; start: number }
  | { type: 'unary'; op: string; operand: Expr; start: number }
  /** `Name = expr` in extend, project, summarize, mv-expand, function arguments. */
  | { type: 'named'; names: string[]; expr: Expr; start: number }
  | { type: 'star'; start: number }
  // Tabular expressions.
  | { type: 'pipe'; input: Expr; op: Operator; start: number }
  | { type: 'union'; sources: Expr[]; start: number }
  | { type: 'datatable'; columns: string[]; values: Expr[]; start: number }
  | { type: 'externaldata'; start: number }
  | { type: 'materialize'; expr: Expr; start: number }
  | { type: 'toscalar'; expr: Expr; start: number }
  | { type: 'function'; params: string[]; body: Statement[]; start: number }
  /** The rows an operator receives when it opens a subquery (mv-apply's `on (where ... | extend ...)`). */
  | { type: 'input'; start: number }
  | { type: 'other'; nodeType: string; text: string; start: number };

export type Operator =
  /** `text`: the condition as written (one line), for conditions on aggregates and joined rows. */
  | { op: 'where'; predicate: Expr; text?: string }
  /** search "term" / search Field has "x": a where whose bare strings match anywhere in the row. */
  | { op: 'search'; predicate: Expr }
  | { op: 'extend' | 'project' | 'project-rename' | 'project-reorder' | 'project-keep' | 'mv-expand' | 'distinct'; columns: Expr[] }
  | { op: 'project-away'; columns: Expr[] }
  | { op: 'summarize'; aggregates: Expr[]; by: Expr[] }
  /** make-series: one series per `by` group of each aggregate over the `on` axis, a point per `step` (as written). */
  | { op: 'make-series'; aggregates: Expr[]; by: Expr[]; on?: Expr; step?: string }
  /** `keys`: each `on` entry as written (`UserId`, `$left.Account == $right.UserPrincipalName`). */
  | { op: 'join' | 'lookup'; kind?: string; right: Expr; on: Expr[]; keys?: string[] }
  | { op: 'union'; sources: Expr[] }
  | { op: 'evaluate'; call: Expr }
  /** mv-apply Item = Array on (subquery): the subquery runs over each row's array items. */
  | { op: 'mv-apply'; columns: Expr[]; subquery: Expr }
  /**
   * parse / parse-where / parse-kv: new string columns cut out of `source`; `pattern` its parts in order, `written`
   * the pattern as written (one line), `kind` simple (absent), regex or relaxed, `flags` the regex flags (U, i...).
   */
  | { op: 'parse'; operator?: 'parse' | 'parse-where' | 'parse-kv'; source: Expr; columns: string[]; pattern?: ParsePart[]; written?: string; kind?: string; flags?: string }
  /** Operators that neither filter nor shape the output in a way we follow (sort, take, top, mv-apply...). */
  | { op: 'other'; name: string };

/** One part of a parse pattern: a column (`Name` or `Name:long`), a `*` that skips text, or a string constant. */
export type ParsePart = { column: string; type?: string } | { star: true } | { text: string } | { other: string };

export type Statement = { type: 'let'; name: string; value: Expr; start: number } | { type: 'query'; expr: Expr; start: number };

export interface Query {
  statements: Statement[];
}
