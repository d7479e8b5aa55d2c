/** Python source → the small AST of ast.ts, through the Lezer Python grammar. Never throws. */
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { lineColumn, warning, type Diagnostic } from '../../diagnostics.ts';
import type { CompareOp, Comprehension, Expr, FunctionDef, Param, PyModule, Stmt } from './ast.ts';
import { DepthGuard, MAX_NESTING } from '../parsing/limits.ts';
import { decodeString, formatLiterals } from './strings.ts';

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', 'AssignOp', 'TypeDef', 'Comment']);

export interface ParsedPython {
  module: PyModule;
  diagnostics: Diagnostic[];
}

export function parsePython(text: string, file = '<python>'): ParsedPython {
  const diagnostics: Diagnostic[] = [];
  const tree = parser.parse(text);
  const p = new Converter(text);
  const body = p.block(tree.topNode);
  tree.iterate({
    enter: (n) => {
      if (n.type.isError && diagnostics.length < 5) {
        const { line, column } = lineColumn(text, n.from);
        diagnostics.push(warning(file, 'python-syntax', 'Python syntax error', line, column));
      }
    },
  });
  const functions = new Map<string, FunctionDef>();
  for (const s of body) if (s.t === 'def') functions.set(s.fn.name, s.fn);
  return { module: { body, functions }, diagnostics };
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/**
 * Whether an error node is where Lezer cut a long left-associative chain: to keep its trees shallow it forces the
 * parse out of a binary expression after 300 reductions over 2,000+ characters (@lezer/lr MaxLeftAssociativeReduction
 * Count), leaving valid Python (an `or` of 250+ comparisons) with an error node at the end of the chain.
 */
function cutChain(n: SyntaxNode): boolean {
  const parent = n.parent;
  return parent?.name === 'BinaryExpression' && parent.to - parent.from >= 2000 && /^(and|or)$/.test(n.prevSibling?.name ?? '');
}

/** Levels of expressions the converter follows (Lezer itself gives up on chains a few hundred deep). */
const MAX_EXPRESSION_DEPTH = MAX_NESTING * 4;

class Converter {
  /** Nested blocks (if in if in for...): past MAX_NESTING the rule is "nested deeper than N at line:col". */
  private readonly blocks: DepthGuard;
  private readonly expressions: DepthGuard;

  constructor(private text: string) {
    this.blocks = DepthGuard.forText(text);
    this.expressions = DepthGuard.forText(text, MAX_EXPRESSION_DEPTH);
  }

  src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  line(n: SyntaxNode): number {
    return lineColumn(this.text, n.from).line;
  }

  /** Statements of a Script or Body node. */
  block(node: SyntaxNode): Stmt[] {
    return this.blocks.nested(node.from, () => this.statements(node));
  }

  private statements(node: SyntaxNode): Stmt[] {
    const out: Stmt[] = [];
    for (const c of children(node)) {
      if (c.name === ':' || c.name === 'Comment') continue;
      const s = this.stmt(c);
      if (s) out.push(...s);
    }
    return out;
  }

  stmt(n: SyntaxNode): Stmt[] | undefined {
    const line = this.line(n);
    const ks = children(n);
    switch (n.name) {
      case 'ReturnStatement': {
        const e = ks.filter((k) => k.name !== 'return' && k.name !== ',');
        if (e.length === 0) return [{ t: 'return', line }];
        return [{ t: 'return', value: e.length > 1 ? { t: 'tuple', items: e.map((k) => this.expr(k)) } : this.expr(e[0]), line }];
      }
      case 'IfStatement':
        return [this.ifStmt(ks, line)];
      case 'AssignStatement':
        return [this.assign(ks, line)];
      case 'UpdateStatement': {
        const op = ks.find((k) => k.name === 'UpdateOp');
        const e = ks.filter((k) => k.name !== 'UpdateOp');
        return [{ t: 'augassign', target: this.expr(e[0]), op: op ? this.src(op).replace('=', '') : '+', value: this.expr(e[e.length - 1]), line }];
      }
      case 'ForStatement': {
        const inAt = ks.findIndex((k) => k.name === 'in');
        const vars = ks.slice(1, inAt).filter((k) => k.name === 'VariableName').map((k) => this.src(k));
        const bodyNode = ks.find((k) => k.name === 'Body');
        const iter = ks.slice(inAt + 1).find((k) => k.name !== 'Body' && !PUNCT.has(k.name));
        return [{ t: 'for', vars, iter: iter ? this.expr(iter) : this.unknown(n), body: bodyNode ? this.block(bodyNode) : [], line }];
      }
      case 'ExpressionStatement': {
        const e = ks.find((k) => !PUNCT.has(k.name));
        return e ? [{ t: 'expr', value: this.expr(e), line }] : [];
      }
      case 'FunctionDefinition':
        return [{ t: 'def', fn: this.funcDef(n) }];
      case 'ClassDefinition':
        return [this.classDef(ks, line)];
      case 'DecoratedStatement': {
        const inner = ks.find((k) => k.name !== 'Decorator');
        return inner ? this.stmt(inner) : [];
      }
      case 'TryStatement': {
        const bodies = ks.filter((k) => k.name === 'Body').map((b) => this.block(b));
        return [{ t: 'try', body: bodies[0] ?? [], handlers: bodies.slice(1), line }];
      }
      case 'WithStatement': {
        const b = ks.find((k) => k.name === 'Body');
        return [{ t: 'with', body: b ? this.block(b) : [], line }];
      }
      case 'ImportStatement':
        return [this.importStmt(ks, line)];
      case 'PassStatement':
        return [];
      case 'WhileStatement': {
        const bodyNode = ks.find((k) => k.name === 'Body');
        const test = ks.find((k) => k.name !== 'while' && k.name !== 'Body' && !PUNCT.has(k.name));
        return [{ t: 'other', kind: n.name, line, ...(test && bodyNode && { loop: { test: this.expr(test), body: this.block(bodyNode) } }) }];
      }
      default:
        return [{ t: 'other', kind: n.name, line }];
    }
  }

  ifStmt(ks: SyntaxNode[], line: number): Stmt {
    const branches: { test: Expr; body: Stmt[] }[] = [];
    let orelse: Stmt[] = [];
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k.name === 'if' || k.name === 'elif') {
        const test = ks[i + 1];
        const body = ks[i + 2];
        if (test && body?.name === 'Body') branches.push({ test: this.expr(test), body: this.block(body) });
        i += 2;
      } else if (k.name === 'else' && ks[i + 1]?.name === 'Body') {
        orelse = this.block(ks[i + 1]);
        i++;
      }
    }
    return { t: 'if', branches, orelse, line };
  }

  assign(ks: SyntaxNode[], line: number): Stmt {
    // Groups separated by `=`: a = b = value; tuple targets a, b = ...
    const groups: SyntaxNode[][] = [[]];
    for (const k of ks) {
      if (k.name === 'AssignOp') groups.push([]);
      else if (k.name !== 'TypeDef') groups[groups.length - 1].push(k);
    }
    const asExpr = (g: SyntaxNode[]): Expr => {
      const items = g.filter((k) => k.name !== ',');
      return items.length === 1 && !g.some((k) => k.name === ',') ? this.expr(items[0]) : { t: 'tuple', items: items.map((k) => this.expr(k)) };
    };
    const value = asExpr(groups[groups.length - 1]);
    return { t: 'assign', targets: groups.slice(0, -1).map(asExpr), value, line };
  }

  importStmt(ks: SyntaxNode[], line: number): Stmt {
    const names: { name: string; as: string }[] = [];
    let module = '';
    let as: string | undefined;
    const importAt = ks.findIndex((k) => k.name === 'import');
    if (ks[0]?.name === 'from') {
      module = ks.slice(1, importAt).map((k) => this.src(k)).join('');
      const rest = ks.slice(importAt + 1).filter((k) => k.name === 'VariableName' || k.name === 'as' || k.name === '*');
      for (let i = 0; i < rest.length; i++) {
        const name = this.src(rest[i]);
        if (rest[i + 1]?.name === 'as') {
          names.push({ name, as: this.src(rest[i + 2]) });
          i += 2;
        } else names.push({ name, as: name });
      }
    } else {
      const rest = ks.slice(importAt + 1);
      const asAt = rest.findIndex((k) => k.name === 'as');
      module = rest.slice(0, asAt < 0 ? undefined : asAt).filter((k) => k.name !== ',').map((k) => this.src(k)).join('');
      as = asAt >= 0 ? this.src(rest[asAt + 1]) : module;
    }
    return { t: 'import', module, names, as, line };
  }

  /** `class Name(Base, ...)`: its bases (keyword arguments such as metaclass= are left out) and body. */
  classDef(ks: SyntaxNode[], line: number): Stmt {
    const name = ks.find((k) => k.name === 'VariableName');
    const args = ks.find((k) => k.name === 'ArgList');
    const body = ks.find((k) => k.name === 'Body');
    const parts = args ? children(args).filter((k) => !PUNCT.has(k.name)) : [];
    const bases = parts.filter((k, i) => k.name !== 'AssignOp' && parts[i + 1]?.name !== 'AssignOp' && parts[i - 1]?.name !== 'AssignOp');
    return { t: 'class', name: name ? this.src(name) : '?', bases: bases.map((b) => this.expr(b)), body: body ? this.block(body) : [], line };
  }

  funcDef(n: SyntaxNode): FunctionDef {
    const ks = children(n);
    const name = ks.find((k) => k.name === 'VariableName');
    const paramList = ks.find((k) => k.name === 'ParamList');
    const body = ks.find((k) => k.name === 'Body');
    return { name: name ? this.src(name) : '?', params: paramList ? this.params(paramList) : [], body: body ? this.block(body) : [], line: this.line(n) };
  }

  params(n: SyntaxNode): Param[] {
    const out: Param[] = [];
    let star: Param['star'];
    const ks = children(n);
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k.name === '*' || k.name === '**') star = k.name;
      else if (k.name === 'VariableName') {
        const p: Param = { name: this.src(k), star };
        star = undefined;
        let j = i + 1;
        if (ks[j]?.name === 'TypeDef') j++;
        if (ks[j]?.name === 'AssignOp' && ks[j + 1]) {
          p.default = this.expr(ks[j + 1]);
          j++;
        }
        out.push(p);
        i = j;
      }
    }
    return out;
  }

  /** What the extractor cannot follow, named by its text (or, where Lezer gave up, by the syntax error's position). */
  unknown(n: SyntaxNode): Expr {
    const { line, column } = lineColumn(this.text, n.from);
    if (n.type.isError && cutChain(n)) {
      const reason = `the and/or chain is too long for the Python reader (it cuts chains of about 300 terms) at ${line}:${column}`;
      return { t: 'unknown', text: `and/or chain cut at ${line}:${column}`, line, reason };
    }
    const text = n.type.isError || !this.src(n).trim() ? `syntax error at ${line}:${column}` : this.src(n).slice(0, 80);
    return { t: 'unknown', text, line };
  }

  expr(n: SyntaxNode): Expr {
    return this.expressions.nested(n.from, () => this.expression(n));
  }

  private expression(n: SyntaxNode): Expr {
    const ks = children(n).filter((k) => !PUNCT.has(k.name));
    switch (n.name) {
      case 'VariableName':
        return { t: 'name', id: this.src(n), line: this.line(n) };
      case 'String':
        return { t: 'const', v: decodeString(this.src(n)) };
      case 'ContinuedString': {
        const parts = ks.map((k) => this.expr(k));
        if (parts.every((p) => p.t === 'const')) return { t: 'const', v: parts.map((p) => (p as { v: string }).v).join('') };
        const exact = parts.every((p) => (p.t === 'const' && typeof p.v === 'string') || (p.t === 'fstring' && p.segments));
        const segments = exact ? parts.flatMap((p) => (p.t === 'fstring' ? p.segments! : [(p as { v: string }).v])) : undefined;
        return { t: 'fstring', parts: parts.flatMap((p) => (p.t === 'fstring' ? p.parts : [])), ...(segments && { segments }) };
      }
      case 'FormatString': {
        const replacements = ks.filter((k) => k.name === 'FormatReplacement');
        if (replacements.length === 0) return { t: 'const', v: decodeString(this.src(n)) };
        const fields = replacements.map((r) => children(r).filter((k) => !PUNCT.has(k.name)));
        const parts = fields.flatMap((ks) => ks.filter((k) => k.name !== 'FormatSpec' && k.name !== 'FormatConversion').slice(0, 1)).map((k) => this.expr(k));
        // The text in order, only when every field is a plain `{expr}` (no !r, :spec or =).
        const plain = fields.every((ks) => ks.length === 1) && parts.length === replacements.length && replacements.every((r) => !/=\s*\}$/.test(this.src(r)));
        const literals = plain ? formatLiterals(this.src(n), replacements.map((r) => [r.from - n.from, r.to - n.from])) : undefined;
        const segments = literals && literals.flatMap((text, i) => (i < parts.length ? [text, parts[i]] : [text]));
        return { t: 'fstring', parts, ...(segments && { segments }) };
      }
      case 'Number': {
        const v = Number(this.src(n).replace(/_/g, ''));
        return Number.isFinite(v) ? { t: 'const', v } : this.unknown(n);
      }
      case 'Boolean':
        return { t: 'const', v: this.src(n) === 'True' };
      case 'None':
        return { t: 'const', v: null };
      case 'ParenthesizedExpression':
        return ks[0] ? this.expr(ks[0]) : this.unknown(n);
      case 'TupleExpression':
        return { t: 'tuple', items: ks.filter((k) => k.name !== '*').map((k) => this.expr(k)) };
      case 'ArrayExpression':
        return { t: 'list', items: ks.map((k) => this.expr(k)) };
      case 'SetExpression':
        return { t: 'set', items: ks.map((k) => this.expr(k)) };
      case 'DictionaryExpression':
        return this.dict(children(n));
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'ComprehensionExpression':
      case 'DictionaryComprehensionExpression':
        return this.comprehension(n, ks);
      case 'MemberExpression':
        return this.member(n);
      case 'LambdaExpression': {
        const params = ks.find((k) => k.name === 'ParamList');
        const names = params ? children(params).filter((k) => !PUNCT.has(k.name)) : [];
        const body = ks.at(-1);
        if (!body || body === params || body.name === 'lambda' || !names.every((k) => k.name === 'VariableName')) return this.unknown(n);
        return { t: 'lambda', params: names.map((k) => this.src(k)), body: this.expr(body) };
      }
      case 'CallExpression':
        return this.call(n, ks);
      case 'UnaryExpression': {
        const op = this.src(ks[0]);
        if (op === 'not' && ks[1]) return this.negate(ks[1]);
        const operand = ks[1] ? this.expr(ks[1]) : this.unknown(n);
        if (op === '-') return operand.t === 'const' && typeof operand.v === 'number' ? { t: 'const', v: -operand.v } : { t: 'neg', operand };
        return operand;
      }
      case 'BinaryExpression':
        return this.binary(n);
      case 'NamedExpression': {
        const [target, value] = ks;
        return target?.name === 'VariableName' && value ? { t: 'walrus', name: this.src(target), value: this.expr(value) } : this.unknown(n);
      }
      case 'ConditionalExpression': {
        const e = ks.filter((k) => k.name !== 'if' && k.name !== 'else');
        if (e.length < 3) return this.unknown(n);
        return { t: 'ifexp', body: this.expr(e[0]), test: this.expr(e[1]), orelse: this.expr(e[2]) };
      }
      default:
        return this.unknown(n);
    }
  }

  dict(ks: SyntaxNode[]): Expr {
    const keys: (Expr | null)[] = [];
    const values: Expr[] = [];
    let i = 0;
    const items = ks.filter((k) => k.name !== '{' && k.name !== '}');
    while (i < items.length) {
      const k = items[i];
      if (k.name === ',') {
        i++;
      } else if (k.name === '**') {
        keys.push(null);
        values.push(this.expr(items[i + 1]));
        i += 2;
      } else {
        keys.push(this.expr(k));
        values.push(items[i + 2] ? this.expr(items[i + 2]) : { t: 'const', v: null });
        i += 3;
      }
    }
    return { t: 'dict', keys, values };
  }

  comprehension(n: SyntaxNode, ks: SyntaxNode[]): Expr {
    const gen = this.generator(ks);
    const kind = n.name === 'ArrayComprehensionExpression' ? 'list' : n.name === 'SetComprehensionExpression' ? 'set' : n.name === 'DictionaryComprehensionExpression' ? 'dict' : 'gen';
    if (!gen) return this.unknown(n);
    return { t: 'comp', kind, elt: gen.elt, gen };
  }

  /** `elt for a, b in iter if cond` from a flat list of nodes (Lezer keeps them flat). */
  generator(ks: SyntaxNode[]): (Comprehension & { elt: Expr }) | undefined {
    const forAt = ks.findIndex((k) => k.name === 'for');
    const inAt = ks.findIndex((k, i) => i > forAt && k.name === 'in');
    if (forAt < 1 || inAt < 0) return undefined;
    const vars = ks.slice(forAt + 1, inAt).filter((k) => k.name === 'VariableName').map((k) => this.src(k));
    const rest = ks.slice(inAt + 1);
    const conds: Expr[] = [];
    for (let i = 1; i < rest.length; i++) if (rest[i - 1].name === 'if') conds.push(this.expr(rest[i]));
    if (!rest[0] || rest.some((k) => k.name === 'for')) return undefined;
    return { elt: this.expr(ks[forAt - 1]), vars, iter: this.expr(rest[0]), conds };
  }

  /** x[a:b]: the bounds around the one colon; a step (a second colon) is not read. */
  private slice(n: SyntaxNode, obj: Expr, inside: SyntaxNode[]): Expr {
    const colons = inside.filter((k) => k.name === ':');
    if (colons.length !== 1) return this.unknown(n);
    const at = inside.indexOf(colons[0]);
    const bound = (ks: SyntaxNode[]) => ks.find((k) => !PUNCT.has(k.name));
    const lower = bound(inside.slice(0, at));
    const upper = bound(inside.slice(at + 1));
    return { t: 'slice', obj, ...(lower && { lower: this.expr(lower) }), ...(upper && { upper: this.expr(upper) }) };
  }

  member(n: SyntaxNode): Expr {
    const all = children(n);
    const obj = all[0] ? this.expr(all[0]) : this.unknown(n);
    const prop = all.find((k) => k.name === 'PropertyName');
    if (prop) return { t: 'attr', obj, name: this.src(prop), line: this.line(n) };
    if (all.some((k) => k.name === ':')) return this.slice(n, obj, all.slice(1));
    const index = all.slice(1).find((k) => !PUNCT.has(k.name));
    return { t: 'index', obj, index: index ? this.expr(index) : this.unknown(n) };
  }

  call(n: SyntaxNode, ks: SyntaxNode[]): Expr {
    const fn = this.expr(ks[0]);
    const argList = children(n).find((k) => k.name === 'ArgList');
    const args: Expr[] = [];
    const kwargs: Record<string, Expr> = {};
    const line = this.line(n);
    if (!argList) return { t: 'call', fn, args, kwargs, line };
    const items = children(argList).filter((k) => k.name !== '(' && k.name !== ')');
    if (items.some((k) => k.name === 'for')) {
      const gen = this.generator(items.filter((k) => k.name !== ','));
      return gen ? { t: 'call', fn, args: [], kwargs, gen, line } : this.unknown(n);
    }
    for (let i = 0; i < items.length; i++) {
      const k = items[i];
      if (k.name === ',') continue;
      if (k.name === 'VariableName' && items[i + 1]?.name === 'AssignOp') {
        kwargs[this.src(k)] = this.expr(items[i + 2]);
        i += 2;
      } else if (k.name === '*' && items[i + 1]) {
        args.push({ t: 'starred', value: this.expr(items[i + 1]) });
        i++;
      } else if (k.name === '*' || k.name === '**') {
        args.push(this.unknown(items[i + 1] ?? k));
        i++;
      } else args.push(this.expr(k));
    }
    return { t: 'call', fn, args, kwargs, line };
  }

  /**
   * Lezer reads `not a or b` as `not (a or b)`; in Python `not` binds tighter than `and`/`or`,
   * so the negation goes to the leftmost operand of an unparenthesized and/or chain.
   */
  negate(operand: SyntaxNode): Expr {
    if (operand.name === 'BinaryExpression') {
      const all = children(operand);
      const op = all.length === 3 ? this.src(all[1]) : '';
      if (op === 'and' || op === 'or') return { t: 'bool', op, left: this.negate(all[0]), right: this.expr(all[2]) };
    }
    return { t: 'not', operand: this.expr(operand) };
  }

  binary(n: SyntaxNode): Expr {
    const all = children(n);
    const left = all[0];
    const right = all[all.length - 1];
    const ops = all.slice(1, -1).map((k) => this.src(k)).join(' ');
    if (!left || !right || all.length < 3) return this.unknown(n);
    const l = this.expr(left);
    const r = this.expr(right);
    if (ops === 'and' || ops === 'or') return { t: 'bool', op: ops, left: l, right: r };
    const compare: Record<string, CompareOp> = {
      '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', in: 'in', 'not in': 'not in', is: 'is', 'is not': 'is not',
    };
    if (compare[ops]) {
      // a < b < c: Lezer nests it as (a < b) < c; Python means a < b and b < c.
      if (l.t === 'compare' && left.name === 'BinaryExpression') return { t: 'bool', op: 'and', left: l, right: { t: 'compare', op: compare[ops], left: l.right, right: r } };
      return { t: 'compare', op: compare[ops], left: l, right: r };
    }
    return { t: 'binop', op: ops, left: l, right: r };
  }
}
