/** The syntax tree of a YARA-L 2.0 rule, as the parser builds it. */

export interface Pos {
  line: number;
  column: number;
}

/** `$e.metadata.event_type`, `$e.about.labels["key"]`: an event (or entity) variable and the path after it. */
export interface FieldRef {
  type: 'field';
  variable: string;
  /** The path as written after the variable, without the leading dot: `metadata.event_type`, `security_result[0].action`. */
  path: string;
  pos: Pos;
}

/** `$user`: a placeholder (match / outcome variables are placeholders too). */
export interface PlaceholderRef {
  type: 'placeholder';
  name: string;
  pos: Pos;
}

/** `#e`: the number of events (or distinct placeholder values) in a match window. */
export interface CountRef {
  type: 'count';
  name: string;
  pos: Pos;
}

export interface StringLit {
  type: 'string';
  value: string;
  /** `raw` for back-quoted strings. */
  quote: 'double' | 'raw';
  pos: Pos;
}

export interface RegexLit {
  type: 'regex';
  pattern: string;
  pos: Pos;
}

export interface NumberLit {
  type: 'number';
  value: number;
  pos: Pos;
}

export interface BoolLit {
  type: 'bool';
  value: boolean;
  pos: Pos;
}

/** A bare word used as a value (enum constants, `null`). */
export interface IdentLit {
  type: 'ident';
  name: string;
  pos: Pos;
}

export interface Call {
  type: 'call';
  /** Dotted function name as written: `re.regex`, `strings.to_lower`, `max`, `if`. */
  name: string;
  args: Expr[];
  nocase: boolean;
  pos: Pos;
}

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=' | '=~';

export interface Compare {
  type: 'compare';
  op: CompareOp;
  left: Expr;
  right: Expr;
  nocase: boolean;
  pos: Pos;
}

/** `expr in %list`, `expr in regex %list`, `expr in cidr %list`. */
export interface InList {
  type: 'in';
  expr: Expr;
  list: string;
  mode: 'exact' | 'regex' | 'cidr';
  nocase: boolean;
  pos: Pos;
}

export interface Logical {
  type: 'and' | 'or';
  children: Expr[];
  pos: Pos;
}

export interface NotExpr {
  type: 'not';
  expr: Expr;
  pos: Pos;
}

/** `any $e.repeated.field = ...` / `all ...`. */
export interface Quantified {
  type: 'quantified';
  quantifier: 'any' | 'all';
  expr: Expr;
  pos: Pos;
}

export interface Arithmetic {
  type: 'arith';
  op: '+' | '-' | '*' | '/';
  left: Expr;
  right: Expr;
  pos: Pos;
}

export interface Negative {
  type: 'neg';
  expr: Expr;
  pos: Pos;
}

export type Expr =
  | FieldRef
  | PlaceholderRef
  | CountRef
  | StringLit
  | RegexLit
  | NumberLit
  | BoolLit
  | IdentLit
  | Call
  | Compare
  | InList
  | Logical
  | NotExpr
  | Quantified
  | Arithmetic
  | Negative;

export interface MetaEntry {
  key: string;
  value: string | number | boolean;
  pos: Pos;
}

export interface MatchSection {
  /** Placeholders the detections are grouped by, without `$`. */
  variables: string[];
  /** The window as written: `1h`, `24h`. */
  window?: string;
  /** The section's text, whitespace collapsed: `$user over 1h`. */
  text: string;
  pos: Pos;
}

export interface OutcomeAssignment {
  /** Outcome variable name without `$`. */
  name: string;
  expr: Expr;
  pos: Pos;
}

export interface OptionEntry {
  key: string;
  value: string | number | boolean;
  pos: Pos;
}

export interface YaralRule {
  name: string;
  pos: Pos;
  /** Offsets of the rule block (from `rule` to its closing brace) in the file. */
  start: number;
  end: number;
  meta: MetaEntry[];
  /** Statements of the events section; consecutive statements are joined by `and`. */
  events: Expr[];
  match?: MatchSection;
  outcome: OutcomeAssignment[];
  condition?: Expr;
  options: OptionEntry[];
}

/** Calls `fn` for every field reference in the expressions, in source order (arguments, both sides, children). */
export function forEachField(exprs: readonly Expr[], fn: (field: FieldRef) => void): void {
  const visit = (e: Expr): void => {
    switch (e.type) {
      case 'field':
        return fn(e);
      case 'call':
        return e.args.forEach(visit);
      case 'compare':
      case 'arith':
        visit(e.left);
        return visit(e.right);
      case 'and':
      case 'or':
        return e.children.forEach(visit);
      case 'in':
      case 'not':
      case 'quantified':
      case 'neg':
        return visit(e.expr);
    }
  };
  exprs.forEach(visit);
}
