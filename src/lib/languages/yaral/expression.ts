/**
 * Recursive-descent parser for YARA-L expressions (events, outcome and condition sections).
 *
 *   or      := and (OR and)*
 *   and     := not (AND not)*
 *   not     := (NOT | "!") not | quant
 *   quant   := (ANY | ALL) compare | compare
 *   compare := sum [ cmpOp sum | IN [REGEX|CIDR] %list ] [NOCASE]
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary)*
 *   unary   := "-" unary | primary
 *   primary := "(" or ")" | literal | $var[.path] | #var | name[.name]* ["(" args ")"]
 */
import type { CompareOp, Expr, Pos } from './ast.ts';
import type { Token } from './lexer.ts';
import { DepthGuard, nestingMessage } from '../parsing/limits.ts';
import { YaralSyntaxError, type TokenStream } from './tokens.ts';

const COMPARE_OPS = new Set(['=', '!=', '<', '>', '<=', '>=', '=~']);

export class ExpressionParser {
  /** Parentheses, nots, calls and operator chains: past MAX_NESTING a syntax error "nested deeper than N at line:col". */
  private readonly depth = new DepthGuard((t: Token) => new YaralSyntaxError(nestingMessage(t), t.line, t.column));

  constructor(
    private readonly ts: TokenStream,
    private readonly text: string,
  ) {}

  parseOr(): Expr {
    const pos = this.ts.pos();
    const children = [this.parseAnd()];
    while (this.ts.isKeyword('or')) {
      this.ts.next();
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0] : { type: 'or', children, pos };
  }

  private parseAnd(): Expr {
    const pos = this.ts.pos();
    const children = [this.parseNot()];
    while (this.ts.isKeyword('and')) {
      this.ts.next();
      children.push(this.parseNot());
    }
    return children.length === 1 ? children[0] : { type: 'and', children, pos };
  }

  private parseNot(): Expr {
    const pos = this.ts.pos();
    if (this.ts.isKeyword('not') || this.ts.isOp('!')) {
      this.ts.next();
      return { type: 'not', expr: this.depth.nested(this.ts.peek(), () => this.parseNot()), pos };
    }
    if ((this.ts.isKeyword('any') || this.ts.isKeyword('all')) && this.ts.is('variable', 1)) {
      const quantifier = this.ts.next().value.toLowerCase() as 'any' | 'all';
      return { type: 'quantified', quantifier, expr: this.parseCompare(), pos };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const pos = this.ts.pos();
    let expr = this.parseSum();
    const t = this.ts.peek();
    if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
      this.ts.next();
      const right = this.parseSum();
      expr = { type: 'compare', op: t.value as CompareOp, left: expr, right, nocase: false, pos };
    } else if (this.ts.isKeyword('in')) {
      this.ts.next();
      let mode: 'exact' | 'regex' | 'cidr' = 'exact';
      if (this.ts.isKeyword('regex') || this.ts.isKeyword('cidr')) mode = this.ts.next().value.toLowerCase() as 'regex' | 'cidr';
      if (!this.ts.is('reflist')) this.ts.fail('expected a reference list (%name) after "in"');
      expr = { type: 'in', expr, list: this.ts.next().value, mode, nocase: false, pos };
    }
    if (this.ts.isKeyword('nocase')) {
      this.ts.next();
      if (expr.type === 'compare' || expr.type === 'in' || expr.type === 'call') expr = { ...expr, nocase: true };
    }
    return expr;
  }

  /** A chain of `+`/`-` builds a left-nested tree: each link is one level of nesting. */
  private parseSum(): Expr {
    let left = this.parseProduct();
    let links = 0;
    while (this.ts.isOp('+') || this.ts.isOp('-')) {
      const op = this.ts.next();
      this.depth.enter(op);
      links++;
      left = { type: 'arith', op: op.value as '+' | '-', left, right: this.parseProduct(), pos: this.pos(op) };
    }
    this.depth.leave(links);
    return left;
  }

  private parseProduct(): Expr {
    let left = this.parseUnary();
    let links = 0;
    while (this.ts.isOp('*') || this.ts.isOp('/')) {
      const op = this.ts.next();
      this.depth.enter(op);
      links++;
      left = { type: 'arith', op: op.value as '*' | '/', left, right: this.parseUnary(), pos: this.pos(op) };
    }
    this.depth.leave(links);
    return left;
  }

  private parseUnary(): Expr {
    if (this.ts.isOp('-')) {
      const pos = this.ts.pos();
      this.ts.next();
      return { type: 'neg', expr: this.depth.nested(this.ts.peek(), () => this.parseUnary()), pos };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const t = this.ts.peek();
    const pos = this.pos(t);
    switch (t.type) {
      case 'punct':
        if (t.value === '(') {
          this.ts.next();
          const inner = this.depth.nested(t, () => this.parseOr());
          this.ts.expectPunct(')');
          return inner;
        }
        break;
      case 'string':
      case 'rawstring':
        this.ts.next();
        return { type: 'string', value: t.value, quote: t.type === 'string' ? 'double' : 'raw', pos };
      case 'regex':
        this.ts.next();
        return { type: 'regex', pattern: t.value, pos };
      case 'number':
        this.ts.next();
        return { type: 'number', value: Number(t.value), pos };
      case 'count':
        this.ts.next();
        return { type: 'count', name: t.value, pos };
      case 'variable':
        return this.parseVariable();
      case 'ident':
        if (this.ts.atSection()) break;
        return this.parseName();
    }
    return this.ts.fail('expected a value, field or function call');
  }

  /** `$name` alone is a placeholder; `$name.path...` a field of an event variable. */
  private parseVariable(): Expr {
    const v = this.ts.next();
    const pos = this.pos(v);
    if (!this.ts.isPunct('.') || this.ts.peek().offset !== v.end) return { type: 'placeholder', name: v.value, pos };
    const pathStart = this.ts.peek().offset + 1;
    let last: Token = v;
    for (;;) {
      if (this.ts.isPunct('.') && this.ts.is('ident', 1)) {
        this.ts.next();
        last = this.ts.next();
      } else if (this.ts.isPunct('[')) {
        const open = this.ts.next();
        this.depth.nested(open, () => this.parseOr());
        last = this.ts.expectPunct(']');
      } else break;
    }
    if (last === v) this.ts.fail('expected a field name after "."');
    const path = this.text.slice(pathStart, last.end).replace(/\s+/g, '');
    return { type: 'field', variable: v.value, path, pos };
  }

  /** A dotted name: a function call when followed by `(`, else a bare word (true, false, null, enum value). */
  private parseName(): Expr {
    const first = this.ts.next();
    const pos = this.pos(first);
    let name = first.value;
    // Namespaced functions: strings.to_lower, net.ip_in_range_cidr.
    while (this.ts.isPunct('.') && this.ts.is('ident', 1)) {
      this.ts.next();
      name += '.' + this.ts.next().value;
    }
    if (this.ts.isPunct('(')) {
      this.ts.next();
      const args: Expr[] = [];
      while (!this.ts.isPunct(')')) {
        args.push(this.depth.nested(first, () => this.parseOr()));
        if (!this.ts.isPunct(',')) break;
        this.ts.next();
      }
      this.ts.expectPunct(')');
      return { type: 'call', name, args, nocase: false, pos };
    }
    const lower = name.toLowerCase();
    if (lower === 'true' || lower === 'false') return { type: 'bool', value: lower === 'true', pos };
    return { type: 'ident', name, pos };
  }

  private pos(t: Token): Pos {
    return { line: t.line, column: t.column };
  }
}
