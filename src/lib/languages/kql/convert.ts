/** Converts the Kusto language service's syntax tree (Bridge objects) into our own AST (ast.ts). */
import type { Expr, Operator, ParsePart, Query, Statement } from './ast.ts';
import { checkBudget, DepthGuard, MAX_NESTING, NestingTooDeep } from '../parsing/limits.ts';
import { positionIn } from '../parsing/positions.ts';
import type { KustoElement } from './service.ts';

type Node = KustoElement;

function typeName(n: Node): string {
  // Generic classes read "Kusto.Language.Syntax.SeparatedElement$1$Kusto.Language.Syntax.Statement".
  const full = (n.constructor.$$name ?? '').split('$')[0];
  return full.slice(full.lastIndexOf('.') + 1);
}

/** The child playing a role (the service names each child: Left, Operator, Expression, ...). */
function role(n: Node | undefined, name: string): Node | undefined {
  if (!n) return undefined;
  for (let i = 0; i < n.ChildCount; i++) {
    if ((n.GetName as unknown as (i: number) => string | null)(i) === name) return n.GetChild(i) ?? undefined;
  }
  return undefined;
}

/** The elements of a SyntaxList, unwrapping SeparatedElement and skipping separator tokens. */
function elements(list: Node | undefined): Node[] {
  if (!list) return [];
  const out: Node[] = [];
  for (let i = 0; i < list.ChildCount; i++) {
    const c = list.GetChild(i);
    if (!c || c.IsToken) continue;
    if (typeName(c).startsWith('SeparatedElement')) {
      const e = c.Element as Node | null;
      if (e && !e.IsToken) out.push(e);
    } else out.push(c);
  }
  return out;
}

/** A name as written: plain identifiers, keywords used as names, ['bracketed names']. */
function nameOf(n: Node | undefined): string {
  if (!n) return '';
  if (n.IsToken) return String(n.ValueText ?? n.Text ?? '');
  const t = typeName(n);
  if (t === 'NameDeclaration' || t === 'NameReference' || t === 'TokenName') return nameOf(role(n, 'Name'));
  if (t === 'BracketedName') {
    const inner = role(n, 'Name');
    return inner ? String(literalOf(inner, '').value ?? '') : '';
  }
  if (t === 'LiteralExpression') return String(literalOf(n, '').value ?? '');
  // WildcardedName (project-away Foo*) and anything else: the tokens as written.
  const parts: string[] = [];
  const collect = (e: Node | null) => {
    if (!e) return;
    if (e.IsToken) parts.push(String(e.Text ?? ''));
    else for (let i = 0; i < e.ChildCount; i++) collect(e.GetChild(i));
  };
  collect(n);
  return parts.join('');
}

function tokenText(n: Node | undefined): string {
  return n?.IsToken ? String(n.Text ?? '') : '';
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NULL_TYPED = /^(int|long|real|double|bool|string|datetime|timespan|decimal|guid|dynamic)\(\s*null\s*\)$/i;

function literalOf(n: Node, source: string): { value: string | number | boolean | null; raw: string } {
  const raw = source ? source.slice(n.TextStart, n.End) : '';
  if (typeName(n) === 'CompoundStringLiteralExpression') {
    const tokens: string[] = [];
    collectStringTokens(n, tokens);
    return { value: tokens.join(''), raw };
  }
  const token = role(n, 'Token') ?? (n.IsToken ? n : undefined);
  const text = String(token?.Text ?? raw).trim();
  if (typeof token?.Value === 'string' && /^[@hH]?[@hH]?["'`]/.test(text)) return { value: token.Value, raw: text };
  if (text === 'true' || text === 'false') return { value: text === 'true', raw: text };
  if (NUMBER.test(text)) return { value: Number(text), raw: text };
  if (NULL_TYPED.test(text) || text === 'null') return { value: null, raw: text };
  const typedNumber = /^(int|long|real|double|decimal)\(\s*(-?[\d.]+(?:[eE][+-]?\d+)?)\s*\)$/i.exec(text);
  if (typedNumber) return { value: Number(typedNumber[2]), raw: text };
  return { value: text, raw: text };
}

/** Levels of our own expression tree: parentheses (MAX_NESTING, checked on the text) and what they hold. */
const MAX_EXPRESSION_DEPTH = MAX_NESTING * 4;

/** `op` over the operands as a balanced tree of binary nodes, so a chain of thousands is a dozen levels deep. */
function balanced(op: string, operands: Expr[], start = operands[0].start): Expr {
  if (operands.length === 1) return operands[0];
  const half = operands.length >> 1;
  return { type: 'binary', op, left: balanced(op, operands.slice(0, half), start), right: balanced(op, operands.slice(half)), start };
}

function collectStringTokens(n: Node | null, out: string[]) {
  if (!n) return;
  if (n.IsToken) {
    if (typeof n.Value === 'string') out.push(n.Value);
    return;
  }
  for (let i = 0; i < n.ChildCount; i++) collectStringTokens(n.GetChild(i), out);
}

/** The JSON value of a dynamic literal, or undefined when it holds expressions. */
function jsonOf(n: Node | undefined, source: string): unknown {
  if (!n) return undefined;
  const t = typeName(n);
  if (t === 'JsonArrayExpression') {
    const values = elements(role(n, 'Values')).map((e) => jsonOf(e, source));
    return values.some((v) => v === undefined) ? undefined : values;
  }
  if (t === 'JsonObjectExpression') {
    const obj: Record<string, unknown> = {};
    for (const pair of elements(role(n, 'Pairs'))) {
      const key = literalOf(role(pair, 'Name') ?? pair, source).value;
      obj[String(key)] = jsonOf(role(pair, 'Value'), source);
    }
    return obj;
  }
  if (t === 'LiteralExpression' || t === 'CompoundStringLiteralExpression') return literalOf(n, source).value;
  if (t === 'PrefixUnaryExpression') {
    const v = jsonOf(role(n, 'Expression'), source);
    return typeof v === 'number' && tokenText(role(n, 'Operator')) === '-' ? -v : undefined;
  }
  return undefined;
}

export class Converter {
  private readonly depth: DepthGuard<Node>;

  constructor(private readonly source: string) {
    this.depth = new DepthGuard((n: Node) => new NestingTooDeep(n.TextStart, positionIn(source, n.TextStart), MAX_EXPRESSION_DEPTH), MAX_EXPRESSION_DEPTH);
  }

  query(root: Node): Query {
    const statements: Statement[] = [];
    for (const s of elements(role(root, 'Statements'))) {
      const t = typeName(s);
      if (t === 'LetStatement') {
        statements.push({ type: 'let', name: nameOf(role(s, 'Name')), value: this.expr(role(s, 'Expression')), start: s.TextStart });
      } else if (t === 'ExpressionStatement') {
        statements.push({ type: 'query', expr: this.expr(role(s, 'Expression')), start: s.TextStart });
      }
    }
    return { statements };
  }

  private other(n: Node): Expr {
    return { type: 'other', nodeType: typeName(n), text: this.source.slice(n.TextStart, n.End), start: n.TextStart };
  }

  private list(n: Node | undefined): Expr[] {
    return elements(n).map((e) => this.expr(e));
  }

  /** Arguments of a call or items of an in-list: the ExpressionList's expressions. */
  private argList(n: Node | undefined): Expr[] {
    if (!n) return [];
    return typeName(n) === 'ExpressionList' ? this.list(role(n, 'Expressions')) : [this.expr(n)];
  }

  expr(n: Node | undefined): Expr {
    if (!n) return { type: 'other', nodeType: 'missing', text: '', start: 0 };
    // Parentheses are limited before parsing (parse.ts); this bounds what nests without them (unary chains).
    return this.depth.nested(n, () => this.node(n));
  }

  /**
   * `a or b or c ...`: the service nests a chain to the left, as deep as it is long. The chain is walked without
   * recursion; runs of `and` / `or` become balanced trees (the condition tree flattens them again), other
   * operators stay nested to the left and count as levels. Every node of the chain starts where its leftmost
   * operand does: reading TextStart once keeps the walk linear (the service finds it from the first token down).
   */
  private binaryChain(top: Node): Expr {
    const chain: Node[] = [];
    let left: Node | undefined = top;
    while (left && typeName(left) === 'BinaryExpression') {
      checkBudget();
      chain.push(left);
      left = role(left, 'Left');
    }
    const start = chain[chain.length - 1].TextStart;
    const opOf = (b: Node) => tokenText(role(b, 'Operator')).toLowerCase().replace(/\s+/g, ' ');
    let acc = left ? this.expr(left) : ({ type: 'other', nodeType: 'missing', text: '', start } as Expr);
    let levels = 0;
    try {
      for (let i = chain.length - 1; i >= 0; ) {
        const op = opOf(chain[i]);
        if (op === 'and' || op === 'or') {
          const operands = [acc];
          for (; i >= 0 && opOf(chain[i]) === op; i--) operands.push(this.expr(role(chain[i], 'Right')));
          acc = balanced(op, operands, start);
        } else {
          this.depth.enter(chain[i]);
          levels++;
          acc = { type: 'binary', op, left: acc, right: this.expr(role(chain[i], 'Right')), start };
          i--;
        }
      }
    } finally {
      this.depth.leave(levels);
    }
    return acc;
  }

  private node(n: Node): Expr {
    const start = n.TextStart;
    switch (typeName(n)) {
      case 'NameReference':
        return { type: 'name', name: nameOf(n), start };
      case 'LiteralExpression':
      case 'CompoundStringLiteralExpression':
        return { type: 'literal', ...literalOf(n, this.source), start };
      case 'DynamicExpression':
        return { type: 'dynamic', value: jsonOf(role(n, 'Expression'), this.source), start };
      case 'ParenthesizedExpression':
        return this.expr(role(n, 'Expression'));
      case 'PathExpression': {
        const selector = role(n, 'Selector');
        return { type: 'path', base: this.expr(role(n, 'Expression')), member: nameOf(selector), start };
      }
      case 'ElementExpression': {
        const selector = role(n, 'Selector');
        const inner = this.expr(selector && typeName(selector) === 'BracketedExpression' ? role(selector, 'Expression') : selector);
        const base = this.expr(role(n, 'Expression'));
        if (inner.type === 'literal' && typeof inner.value === 'string') return { type: 'path', base, member: inner.value, start };
        return { type: 'index', base, index: inner, start };
      }
      case 'BinaryExpression':
        return this.binaryChain(n);
      case 'InExpression':
      case 'HasAnyExpression':
      case 'HasAllExpression':
        return { type: 'list', op: tokenText(role(n, 'Operator')).toLowerCase(), left: this.expr(role(n, 'Left')), items: this.argList(role(n, 'Right')), start };
      case 'BetweenExpression': {
        const couple = role(n, 'Right');
        return {
          type: 'between',
          negated: tokenText(role(n, 'Operator')).startsWith('!'),
          left: this.expr(role(n, 'Left')),
          low: this.expr(couple && role(couple, 'First')),
          high: this.expr(couple && role(couple, 'Second')),
          start,
        };
      }
      case 'FunctionCallExpression':
        return { type: 'call', name: nameOf(role(n, 'Name')), args: this.argList(role(n, 'ArgumentList')), start };
      case 'PrefixUnaryExpression':
        return { type: 'unary', op: tokenText(role(n, 'Operator')), operand: this.expr(role(n, 'Expression')), start };
      case 'SimpleNamedExpression':
        return { type: 'named', names: [nameOf(role(n, 'Name'))], expr: this.expr(role(n, 'Expression')), start };
      case 'CompoundNamedExpression':
        return { type: 'named', names: elements(role(role(n, 'Names') ?? n, 'Names')).map(nameOf), expr: this.expr(role(n, 'Expression')), start };
      case 'StarExpression':
        return { type: 'star', start };
      case 'PipeExpression':
        return { type: 'pipe', input: this.expr(role(n, 'Expression')), op: this.operator(role(n, 'Operator')), start };
      case 'UnionOperator':
        return { type: 'union', sources: this.list(role(n, 'Expressions')), start };
      case 'DataTableExpression': {
        const columns = elements(role(role(n, 'Schema') ?? n, 'Columns')).map((c) => nameOf(role(c, 'Name')));
        return { type: 'datatable', columns, values: this.list(role(n, 'Values')), start };
      }
      case 'ExternalDataExpression':
        return { type: 'externaldata', start };
      case 'MaterializeExpression':
        return { type: 'materialize', expr: this.expr(role(n, 'Expression')), start };
      case 'ToScalarExpression':
        return { type: 'toscalar', expr: this.expr(role(n, 'Expression')), start };
      case 'FunctionDeclaration':
        return this.functionDeclaration(n);
      case 'MvExpandExpression':
      case 'MvApplyExpression':
      case 'MvApplySubqueryExpression':
        return this.expr(role(n, 'Expression'));
      case 'OrderedExpression':
        return this.expr(role(n, 'Expression'));
      default:
        // An operator where an expression is expected opens a subquery over the implicit input rows.
        if (typeName(n).endsWith('Operator')) return { type: 'pipe', input: { type: 'input', start }, op: this.operator(n), start };
        return this.other(n);
    }
  }

  private functionDeclaration(n: Node): Expr {
    const params = elements(role(role(n, 'Parameters') ?? n, 'Parameters')).map((p) => nameOf(role(role(p, 'NameAndType') ?? p, 'Name')));
    const body = role(n, 'Body');
    const statements: Statement[] = [];
    if (body) {
      for (const s of elements(role(body, 'Statements'))) {
        if (typeName(s) === 'LetStatement') statements.push({ type: 'let', name: nameOf(role(s, 'Name')), value: this.expr(role(s, 'Expression')), start: s.TextStart });
        else if (typeName(s) === 'ExpressionStatement') statements.push({ type: 'query', expr: this.expr(role(s, 'Expression')), start: s.TextStart });
      }
      const last = role(body, 'Expression');
      if (last) statements.push({ type: 'query', expr: this.expr(last), start: last.TextStart });
    }
    return { type: 'function', params, body: statements, start: n.TextStart };
  }

  private parameter(n: Node, name: string): string | undefined {
    for (const p of elements(role(n, 'Parameters'))) {
      if (nameOf(role(p, 'Name')).toLowerCase() === name) {
        const v = role(p, 'Expression');
        return v ? String(literalOf(v, this.source).value ?? nameOf(v)) : undefined;
      }
    }
    return undefined;
  }

  /** A node's text as written, on one line. */
  private textOf(n: Node | undefined): string {
    return n ? this.source.slice(n.TextStart, n.End).replace(/\s+/g, ' ').trim() : '';
  }

  operator(n: Node | undefined): Operator {
    if (!n) return { op: 'other', name: 'missing' };
    const t = typeName(n);
    switch (t) {
      case 'FilterOperator':
        return { op: 'where', predicate: this.expr(role(n, 'Condition')), text: this.textOf(role(n, 'Condition')) };
      case 'SearchOperator':
        return { op: 'search', predicate: this.expr(role(n, 'Condition')) };
      case 'ExtendOperator':
        return { op: 'extend', columns: this.list(role(n, 'Expressions')) };
      case 'ProjectOperator':
        return { op: 'project', columns: this.list(role(n, 'Expressions')) };
      case 'ProjectAwayOperator':
        return { op: 'project-away', columns: this.list(role(n, 'Expressions')) };
      case 'ProjectRenameOperator':
        return { op: 'project-rename', columns: this.list(role(n, 'Expressions')) };
      case 'ProjectReorderOperator':
        return { op: 'project-reorder', columns: this.list(role(n, 'Expressions')) };
      case 'ProjectKeepOperator':
        return { op: 'project-keep', columns: this.list(role(n, 'Expressions')) };
      case 'DistinctOperator':
        return { op: 'distinct', columns: this.list(role(n, 'Expressions')) };
      case 'MvExpandOperator':
        return { op: 'mv-expand', columns: this.list(role(n, 'Expressions')) };
      case 'MvApplyOperator':
        return { op: 'mv-apply', columns: this.list(role(n, 'Expressions')), subquery: this.expr(role(n, 'Subquery')) };
      case 'SummarizeOperator': {
        const by = role(n, 'ByClause');
        return { op: 'summarize', aggregates: this.list(role(n, 'Aggregates')), by: by ? this.list(role(by, 'Expressions')) : [] };
      }
      case 'MakeSeriesOperator': {
        const by = role(n, 'ByClause');
        const step = role(role(n, 'RangeClause'), 'MakeSeriesStepClause');
        const aggregates = elements(role(n, 'Aggregates')).map((e) => this.expr(typeName(e) === 'MakeSeriesExpression' ? role(e, 'Expression') : e));
        const on = role(role(n, 'OnClause'), 'Expression');
        return {
          op: 'make-series',
          aggregates,
          by: by ? this.list(role(by, 'Expressions')) : [],
          ...(on && { on: this.expr(on) }),
          ...(step && { step: this.textOf(role(step, 'Expression')) }),
        };
      }
      case 'JoinOperator':
      case 'LookupOperator': {
        const clause = role(n, t === 'JoinOperator' ? 'ConditionClause' : 'LookupClause');
        return {
          op: t === 'JoinOperator' ? 'join' : 'lookup',
          kind: this.parameter(n, 'kind'),
          right: this.expr(role(n, 'Expression')),
          on: clause ? this.list(role(clause, 'Expressions')) : [],
          // `join ... on A, $left.B == $right.C`, or `join ... where Query has Domain` (a where clause relating the rows).
          keys: clause ? (role(clause, 'Expressions') ? elements(role(clause, 'Expressions')) : [role(clause, 'Expression')]).map((k) => this.textOf(k)).filter(Boolean) : [],
        };
      }
      case 'UnionOperator':
        return { op: 'union', sources: this.list(role(n, 'Expressions')) };
      case 'ParseOperator':
      case 'ParseWhereOperator':
      case 'ParseKvOperator': {
        const columns: string[] = [];
        const pattern: ParsePart[] = [];
        for (const p of elements(role(n, 'Patterns'))) {
          const t = typeName(p);
          if (t === 'NameDeclaration') columns.push(nameOf(p));
          else if (t === 'NameAndTypeDeclaration') columns.push(nameOf(role(p, 'Name')));
          if (t === 'NameDeclaration' || t === 'NameAndTypeDeclaration') {
            const type = t === 'NameAndTypeDeclaration' ? this.textOf(role(p, 'Type')).replace(/^:\s*/, '') : undefined;
            pattern.push({ column: columns.at(-1)!, ...(type && { type }) });
          } else if (t === 'StarExpression') pattern.push({ star: true });
          else if (t === 'LiteralExpression' || t === 'CompoundStringLiteralExpression') pattern.push({ text: String(literalOf(p, this.source).value ?? '') });
          else pattern.push({ other: typeName(p) });
        }
        const kind = this.parameter(n, 'kind');
        const flags = this.parameter(n, 'flags');
        const operator = t === 'ParseWhereOperator' ? 'parse-where' : t === 'ParseKvOperator' ? 'parse-kv' : 'parse';
        const written = this.textOf(role(n, 'Patterns'));
        return { op: 'parse', operator, source: this.expr(role(n, 'Expression')), columns, pattern, written, ...(kind && { kind: kind.toLowerCase() }), ...(flags && { flags }) };
      }
      case 'EvaluateOperator':
        return { op: 'evaluate', call: this.expr(role(n, 'FunctionCall')) };
      default:
        return { op: 'other', name: t.replace(/Operator$/, '') };
    }
  }
}
