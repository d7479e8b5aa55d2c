/** Recursive-descent parser for EQL: event queries, sequences, samples, pipes. Never throws. */
import type { EqlQuery, EventQuery, Expr, Operand, SequenceStep } from './ast.ts';
import { catchSyntaxError, taggedBooleanNodes, TokenCursor, type SyntaxProblem } from '../parsing/cursor.ts';
import { checkBudget } from '../parsing/limits.ts';
import { tokenizeEql, type EqlToken } from './tokenizer.ts';

export interface EqlParseResult {
  query?: EqlQuery;
  error?: SyntaxProblem;
}

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=', ':']);
const WORD_OPS = new Set(['in', 'like', 'regex']);
const RELATIONSHIPS = new Set(['descendant', 'child', 'event']);
const EXPR_NODES = taggedBooleanNodes<Expr>();

export function parseEql(text: string): EqlParseResult {
  const { tokens, error } = tokenizeEql(text);
  if (error) return { error };
  const parsed = catchSyntaxError(() => new EqlParser(tokens, text).parseQuery());
  return parsed.error ? { error: parsed.error } : { query: parsed.value };
}

class EqlParser extends TokenCursor<EqlToken> {
  protected canBeKeyword(t: EqlToken): boolean {
    return t.type === 'ident' && !t.optional;
  }
  private expectWord(word: string): EqlToken {
    if (!this.isWord(word)) throw this.error(`expected "${word}"`);
    return this.next();
  }

  parseQuery(): EqlQuery {
    let query: EqlQuery;
    if (this.isWord('sequence') || this.isWord('sample')) query = this.parseSequence();
    else query = { t: 'event', query: this.parseEventQuery(), pipes: [] };
    while (this.isOp('|')) query.pipes.push(this.parsePipe());
    this.expectEnd();
    return query;
  }

  private parsePipe(): string {
    this.next();
    const name = this.next();
    if (name.type !== 'ident') throw this.error('expected a pipe name', name);
    let depth = 0;
    while (this.tok.type !== 'eof' && !(depth === 0 && this.isOp('|'))) {
      if (this.isOp('(') || this.isOp('[')) depth++;
      if (this.isOp(')') || this.isOp(']')) depth--;
      this.next();
    }
    return name.value.toLowerCase();
  }

  private parseEventQuery(): EventQuery {
    const cat = this.next();
    if (cat.type !== 'ident' && cat.type !== 'string') throw this.error('expected an event category', cat);
    this.expectWord('where');
    return { category: cat.value, categoryOffset: cat.offset, where: this.parseOr() };
  }

  private parseSequence(): EqlQuery {
    const kind = this.next().value.toLowerCase() as 'sequence' | 'sample';
    const query: EqlQuery = { t: kind, by: [], steps: [], pipes: [] };
    for (;;) {
      if (this.isWord('by')) {
        this.next();
        query.by = this.parseFieldList();
      } else if (this.isWord('with')) {
        this.next();
        const setting = this.next();
        this.expectOp('=');
        const value = this.next();
        if (setting.value.toLowerCase() === 'maxspan') query.maxspan = value.value;
      } else break;
    }
    while (this.isOp('[') || (this.isOp('!') && this.isOp('[', this.peek()))) query.steps.push(this.parseStep());
    if (this.isWord('until')) {
      this.next();
      query.until = this.parseStep();
    }
    if (!query.steps.length) throw this.error('expected a sequence step "["');
    return query;
  }

  private parseStep(): SequenceStep {
    const missing = this.isOp('!');
    if (missing) this.next();
    this.expectOp('[');
    const query = this.parseEventQuery();
    this.expectOp(']');
    const step: SequenceStep = { query, by: [], missing };
    for (;;) {
      if (this.isWord('as') && this.peek().type === 'ident') {
        this.next();
        step.alias = this.next().value;
        continue;
      }
      if (this.isWord('by')) {
        this.next();
        step.by = this.parseFieldList();
      } else if (this.isWord('with')) {
        this.next();
        const setting = this.next();
        this.expectOp('=');
        const value = this.next();
        if (setting.value.toLowerCase() === 'runs' && /^\d+$/.test(value.value)) step.runs = Number(value.value);
      } else break;
    }
    return step;
  }

  private parseFieldList(): string[] {
    return this.commaSeparated(() => {
      const operand = this.parseOperand();
      return operand.t === 'field' ? operand.name : this.text.slice(operand.offset, this.tok.offset).trim();
    });
  }

  private parseOr(): Expr {
    return this.booleanExpression(() => this.parseComparison(), EXPR_NODES);
  }

  /** A comparison or boolean operand with its text as written, so what no leaf can hold is quoted in the reason. */
  private parseComparison(): Expr {
    const start = this.tok.offset;
    const e = this.parseBareComparison();
    const text = this.text.slice(start, this.tok.offset).replace(/\s+/g, ' ').trim();
    if (e.t === 'unsupported') return { ...e, reason: `${e.reason}: ${text}` };
    return e.t === 'compare' || e.t === 'operand' ? { ...e, text } : e;
  }

  private parseBareComparison(): Expr {
    const start = this.tok;
    if (start.type === 'ident' && RELATIONSHIPS.has(start.value.toLowerCase()) && this.isWord('of', this.peek())) {
      this.next();
      this.next();
      this.expectOp('[');
      this.parseEventQuery();
      this.expectOp(']');
      return { t: 'unsupported', reason: `${start.value.toLowerCase()} of`, offset: start.offset };
    }
    if (start.type === 'ident' && start.value.toLowerCase() === '_arraysearch' && this.isOp('(', this.peek())) return this.parseArraySearch();
    if (this.isOp('(')) {
      // A parenthesized boolean expression; a parenthesized operand in arithmetic is rare enough to ignore.
      this.next();
      const inner = this.nested(() => this.parseOr());
      this.expectOp(')');
      return inner;
    }
    const left = this.parseOperand();
    const t = this.tok;
    if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
      this.next();
      if (t.value === ':' && this.isOp('(')) return this.compare(':', false, left, this.parseList(), true, t.offset);
      return this.compare(t.value, false, left, [this.parseOperand()], false, t.offset);
    }
    const negated = this.isWord('not') && this.peek().type === 'ident' && WORD_OPS.has(this.peek().value.toLowerCase());
    if (negated) this.next();
    const word = this.tok;
    if (word.type === 'ident' && !word.optional && WORD_OPS.has(word.value.toLowerCase())) {
      this.next();
      const op = word.value.toLowerCase();
      const list = this.isOp('(');
      const right = list ? this.parseList() : [this.parseOperand()];
      const cmp = this.compare(op, !!word.insensitive, left, right, list, word.offset);
      return negated ? { t: 'not', child: cmp } : cmp;
    }
    if (negated) throw this.error('expected in, like or regex');
    return { t: 'operand', operand: left, offset: start.offset };
  }

  /** `_arraysearch(list, $entry, condition)`: the condition reads the element through `$entry`. */
  private parseArraySearch(): Expr {
    const start = this.next();
    this.expectOp('(');
    const list = this.parseOperand();
    this.expectOp(',');
    const variable = this.next();
    if (variable.type !== 'ident' || !variable.value.startsWith('$')) throw this.error('expected a $variable', variable);
    this.expectOp(',');
    const condition = this.nested(() => this.parseOr());
    this.expectOp(')');
    return { t: 'arraysearch', list, variable: variable.value, condition, offset: start.offset };
  }

  private compare(op: string, insensitive: boolean, left: Operand, right: Operand[], list: boolean, offset: number): Expr {
    return { t: 'compare', op, insensitive, left, right, list, offset };
  }

  private parseList(): Operand[] {
    return this.parenthesizedList(() => this.parseOperand());
  }

  /** An operand with arithmetic folded into an opaque computed value. */
  private parseOperand(): Operand {
    const first = this.parsePrimary();
    if (!['+', '-', '*', '/', '%'].some((o) => this.isOp(o))) return first;
    while (['+', '-', '*', '/', '%'].some((o) => this.isOp(o))) {
      checkBudget();
      this.next();
      this.parsePrimary();
    }
    return { t: 'computed', text: this.text.slice(first.offset, this.tok.offset).trim(), offset: first.offset };
  }

  private parsePrimary(): Operand {
    const t = this.next();
    if (t.type === 'string') return { t: 'literal', value: t.value, offset: t.offset };
    if (t.type === 'number') return { t: 'literal', value: Number(t.value), offset: t.offset };
    if (t.type === 'op' && t.value === '-' && this.tok.type === 'number') {
      return { t: 'literal', value: -Number(this.next().value), offset: t.offset };
    }
    if (t.type === 'op' && t.value === '(') {
      const inner = this.nested(() => this.parseOperand());
      this.expectOp(')');
      return inner.t === 'literal' || inner.t === 'field' ? inner : { ...inner, t: 'computed', text: '(...)' } as Operand;
    }
    if (t.type !== 'ident') throw this.error('expected a field, value or function', t);
    const lower = t.value.toLowerCase();
    if (!t.optional && this.isOp('(')) {
      return { t: 'call', name: t.value, insensitive: !!t.insensitive, args: this.nested(() => this.parseList()), offset: t.offset };
    }
    if (!t.optional && (lower === 'true' || lower === 'false')) return { t: 'literal', value: lower === 'true', offset: t.offset };
    if (!t.optional && lower === 'null') return { t: 'literal', value: null, offset: t.offset };
    return { t: 'field', name: t.value, optional: !!t.optional, offset: t.offset };
  }
}
