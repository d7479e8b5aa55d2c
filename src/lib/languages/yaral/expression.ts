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
import { parseBoolean, type BooleanLevel } from '../parsing/boolean.ts';
import type { CompareOp, Expr, Pos } from './ast.ts';
import type { Token } from './lexer.ts';
import { YaralCursor } from './cursor.ts';

const COMPARE_OPS = new Set(['=', '!=', '<', '>', '<=', '>=', '=~']);

/** Parentheses, nots, calls and operator chains count towards the cursor's depth guard. */
export class ExpressionParser extends YaralCursor {
  parseOr(): Expr {
    const chain = (type: 'or' | 'and'): BooleanLevel<Expr, Pos> => ({
      joins: () => this.takeWord(type),
      build: (children, start) => (children.length === 1 ? children[0] : { type, children, pos: start }),
    });
    return parseBoolean<Expr, Pos>({
      levels: [chain('or'), chain('and')],
      negates: () => this.takeWord('not') || this.takeOp('!'),
      not: (expr, start) => ({ type: 'not', expr, pos: start }),
      operand: () => this.parseQuantified(),
      nested: (parse) => this.nested(parse),
      mark: () => this.posOf(),
    });
  }

  private parseQuantified(): Expr {
    const pos = this.posOf();
    if ((this.isKeyword('any') || this.isKeyword('all')) && this.is('variable', 1)) {
      const quantifier = this.next().value.toLowerCase() as 'any' | 'all';
      return { type: 'quantified', quantifier, expr: this.parseCompare(), pos };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const pos = this.posOf();
    let expr = this.parseSum();
    const t = this.tok;
    if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
      this.next();
      const right = this.parseSum();
      expr = { type: 'compare', op: t.value as CompareOp, left: expr, right, nocase: false, pos };
    } else if (this.isKeyword('in')) {
      this.next();
      let mode: 'exact' | 'regex' | 'cidr' = 'exact';
      if (this.isKeyword('regex') || this.isKeyword('cidr')) mode = this.next().value.toLowerCase() as 'regex' | 'cidr';
      if (!this.is('reflist')) this.fail('expected a reference list (%name) after "in"');
      expr = { type: 'in', expr, list: this.next().value, mode, nocase: false, pos };
    }
    if (this.isKeyword('nocase')) {
      this.next();
      if (expr.type === 'compare' || expr.type === 'in' || expr.type === 'call') expr = { ...expr, nocase: true };
    }
    return expr;
  }

  /** A chain of `+`/`-` builds a left-nested tree: each link is one level of nesting. */
  private parseSum(): Expr {
    let left = this.parseProduct();
    let links = 0;
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next();
      this.depth.enter(op.offset);
      links++;
      left = { type: 'arith', op: op.value as '+' | '-', left, right: this.parseProduct(), pos: this.posOf(op) };
    }
    this.depth.leave(links);
    return left;
  }

  private parseProduct(): Expr {
    let left = this.parseUnary();
    let links = 0;
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next();
      this.depth.enter(op.offset);
      links++;
      left = { type: 'arith', op: op.value as '*' | '/', left, right: this.parseUnary(), pos: this.posOf(op) };
    }
    this.depth.leave(links);
    return left;
  }

  private parseUnary(): Expr {
    if (this.isOp('-')) {
      const pos = this.posOf();
      this.next();
      return { type: 'neg', expr: this.nested(() => this.parseUnary()), pos };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    const pos = this.posOf(t);
    switch (t.type) {
      case 'punct':
        if (t.value === '(') {
          this.next();
          const inner = this.nested(() => this.parseOr(), t.offset);
          this.expectPunct(')');
          return inner;
        }
        break;
      case 'string':
      case 'rawstring':
        this.next();
        return { type: 'string', value: t.value, quote: t.type === 'string' ? 'double' : 'raw', pos };
      case 'regex':
        this.next();
        return { type: 'regex', pattern: t.value, pos };
      case 'number':
        this.next();
        return { type: 'number', value: Number(t.value), pos };
      case 'count':
        this.next();
        return { type: 'count', name: t.value, pos };
      case 'variable':
        return this.parseVariable();
      case 'ident':
        if (this.atSection()) break;
        return this.parseName();
    }
    return this.fail('expected a value, field or function call');
  }

  /** `$name` alone is a placeholder; `$name.path...` a field of an event variable. */
  private parseVariable(): Expr {
    const v = this.next();
    const pos = this.posOf(v);
    if (!this.isPunct('.') || this.tok.offset !== v.end) return { type: 'placeholder', name: v.value, pos };
    const pathStart = this.tok.offset + 1;
    let last: Token = v;
    for (;;) {
      if (this.isPunct('.') && this.is('ident', 1)) {
        this.next();
        last = this.next();
      } else if (this.isPunct('[')) {
        const open = this.next();
        this.nested(() => this.parseOr(), open.offset);
        last = this.expectPunct(']');
      } else break;
    }
    if (last === v) this.fail('expected a field name after "."');
    const path = this.text.slice(pathStart, last.end).replace(/\s+/g, '');
    return { type: 'field', variable: v.value, path, pos };
  }

  /** A dotted name: a function call when followed by `(`, else a bare word (true, false, null, enum value). */
  private parseName(): Expr {
    const first = this.next();
    const pos = this.posOf(first);
    let name = first.value;
    // Namespaced functions: strings.to_lower, net.ip_in_range_cidr.
    while (this.isPunct('.') && this.is('ident', 1)) {
      this.next();
      name += '.' + this.next().value;
    }
    if (this.isPunct('(')) {
      this.next();
      const args: Expr[] = [];
      while (!this.isPunct(')')) {
        args.push(this.nested(() => this.parseOr(), first.offset));
        if (!this.isPunct(',')) break;
        this.next();
      }
      this.expectPunct(')');
      return { type: 'call', name, args, nocase: false, pos };
    }
    const lower = name.toLowerCase();
    if (lower === 'true' || lower === 'false') return { type: 'bool', value: lower === 'true', pos };
    return { type: 'ident', name, pos };
  }
}
