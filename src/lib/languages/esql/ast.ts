/** The ES|QL syntax tree: a pipeline of commands with boolean and value expressions. */
import type { Value } from '../../logic/types.ts';

export type EsqlExpr =
  | { t: 'or' | 'and'; children: EsqlExpr[] }
  | { t: 'not'; child: EsqlExpr }
  /** Comparisons and predicates: ==, !=, <, <=, >, >=, :, like, rlike, in (values in `right`), is_null, is_not_null. */
  | { t: 'compare'; op: string; left: EsqlExpr; right: EsqlExpr[]; offset: number; text?: string }
  | { t: 'field'; name: string; offset: number }
  | { t: 'literal'; value: Value; offset: number }
  | { t: 'call'; name: string; args: EsqlExpr[]; offset: number; text?: string }
  /** Arithmetic, casts, time spans: a value no leaf can name. */
  | { t: 'computed'; offset: number; operands?: EsqlExpr[]; text?: string };

export interface Assignment {
  /** Column name; for unnamed aggregates the expression's text. */
  name: string;
  expr: EsqlExpr;
  /** The expression as written (count_distinct(user.name), date_diff("minute", a, b)). */
  text: string;
}

/** Every command keeps its text as written ("stats n = count(*) by host.id"), for conditions the tree cannot hold. */
export type EsqlCommand = { text?: string } & (
  | { t: 'from'; sources: string[]; offset: number }
  | { t: 'where'; expr: EsqlExpr; offset: number }
  | { t: 'eval'; assignments: Assignment[]; offset: number }
  | { t: 'stats'; inline: boolean; aggregates: Assignment[]; by: Assignment[]; offset: number }
  | { t: 'keep' | 'drop'; fields: string[]; offset: number }
  | { t: 'rename'; pairs: { from: string; to: string }[]; offset: number }
  /** grok / dissect: the columns their pattern names. */
  | { t: 'extract'; command: string; field: string; columns: string[]; offset: number }
  /** Any other command (sort, limit, mv_expand, enrich, lookup join...), kept by name. */
  | { t: 'other'; name: string; offset: number; /** Why an `unparsed …` command could not be read. */ problem?: string }
);
