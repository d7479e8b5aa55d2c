/** A small Python AST: the part of Python that detection rules and their helpers use. */

export type PyConst = string | number | boolean | null;

export interface Comprehension {
  /** Loop variable names (tuple targets give several). */
  vars: string[];
  iter: Expr;
  conds: Expr[];
}

export type Expr =
  | { t: 'name'; id: string; line: number }
  | { t: 'const'; v: PyConst }
  /** `segments`: the literal texts and fields in order, when every field is a plain `{expr}`. */
  | { t: 'fstring'; parts: Expr[]; segments?: Array<string | Expr> }
  | { t: 'list' | 'tuple' | 'set'; items: Expr[] }
  | { t: 'dict'; keys: (Expr | null)[]; values: Expr[] }
  | { t: 'attr'; obj: Expr; name: string; line: number }
  | { t: 'index'; obj: Expr; index: Expr }
  /** `*args` in a call's arguments: the items of a sequence, spread. */
  | { t: 'starred'; value: Expr }
  /** x[lower:upper] (no step); an absent bound is undefined. */
  | { t: 'slice'; obj: Expr; lower?: Expr; upper?: Expr }
  | { t: 'call'; fn: Expr; args: Expr[]; kwargs: Record<string, Expr>; gen?: Comprehension & { elt: Expr }; line: number }
  | { t: 'bool'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { t: 'not'; operand: Expr }
  | { t: 'neg'; operand: Expr }
  | { t: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { t: 'binop'; op: string; left: Expr; right: Expr }
  | { t: 'ifexp'; test: Expr; body: Expr; orelse: Expr }
  | { t: 'comp'; kind: 'list' | 'set' | 'gen' | 'dict'; elt: Expr; gen: Comprehension }
  /** `lambda a: body` with plain parameters (a sort key); other lambdas stay unknown. */
  | { t: 'lambda'; params: string[]; body: Expr }
  | { t: 'walrus'; name: string; value: Expr }
  | { t: 'unknown'; text: string; line: number; /** Why the reader could not follow it, said whole (not clipped like the text). */ reason?: string };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';

export type Stmt =
  | { t: 'return'; value?: Expr; line: number }
  | { t: 'if'; branches: { test: Expr; body: Stmt[] }[]; orelse: Stmt[]; line: number }
  | { t: 'assign'; targets: Expr[]; value: Expr; line: number }
  | { t: 'augassign'; target: Expr; op: string; value: Expr; line: number }
  | { t: 'for'; vars: string[]; iter: Expr; body: Stmt[]; line: number }
  | { t: 'expr'; value: Expr; line: number }
  | { t: 'def'; fn: FunctionDef }
  /** A class: its bases as written and its body (methods, class attributes). */
  | { t: 'class'; name: string; bases: Expr[]; body: Stmt[]; line: number }
  | { t: 'try'; body: Stmt[]; handlers: Stmt[][]; line: number }
  | { t: 'with'; body: Stmt[]; line: number }
  | { t: 'import'; module: string; names: { name: string; as: string }[]; as?: string; line: number }
  /** A statement the interpreter does not follow; a `while` keeps its test and body for readers that match its shape. */
  | { t: 'other'; kind: string; line: number; loop?: { test: Expr; body: Stmt[] } };

export interface Param {
  name: string;
  default?: Expr;
  star?: '*' | '**';
}

export interface FunctionDef {
  name: string;
  params: Param[];
  body: Stmt[];
  line: number;
}

export interface PyModule {
  body: Stmt[];
  functions: Map<string, FunctionDef>;
}
