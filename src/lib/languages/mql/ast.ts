/** The MQL syntax tree the Peggy grammar (mql.peggy) builds. Offsets are 0-based into the query text. */

interface Span {
  start: number;
  end: number;
}

export type CompareOp = '==' | '!=' | '=~' | '!~' | '<' | '<=' | '>' | '>=' | 'in' | 'in~' | 'not in' | 'not in~';

export interface Arg {
  /** Keyword argument name (`mode="aggressive"`), absent for positional arguments. */
  name?: string;
  value: MqlExpr;
}

export type MqlExpr = Span &
  (
    | { type: 'or' | 'and'; children: MqlExpr[] }
    | { type: 'not'; operand: MqlExpr }
    | { type: 'compare'; op: CompareOp; left: MqlExpr; right: MqlExpr }
    | { type: 'isnull'; operand: MqlExpr; negated: boolean }
    /** `2 of (a, b, c)`: at least `count` of the items hold. */
    | { type: 'of'; count: number; items: MqlExpr[] }
    | { type: 'arith'; op: '+' | '-' | '*' | '/' | '%'; left: MqlExpr; right: MqlExpr }
    | { type: 'negate'; operand: MqlExpr }
    | { type: 'member'; object: MqlExpr; name: string }
    | { type: 'index'; object: MqlExpr; index: MqlExpr }
    | { type: 'call'; object: MqlExpr; args: Arg[] }
    | { type: 'string'; value: string; quote: '"' | "'" }
    | { type: 'number'; value: number }
    | { type: 'bool'; value: boolean }
    | { type: 'null' }
    /** `$free_email_providers`: a list kept on the Sublime platform. */
    | { type: 'listref'; name: string }
    | { type: 'list'; items: MqlExpr[] }
    | { type: 'group'; expr: MqlExpr }
    /** `.` (up 0) is the current element of any/all/filter/map; `..` (up 1) the enclosing one. */
    | { type: 'element'; up: number }
    | { type: 'ident'; name: string }
  );

export type MqlNode<T extends MqlExpr['type']> = Extract<MqlExpr, { type: T }>;
