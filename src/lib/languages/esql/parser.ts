/**
 * Recursive-descent parser for ES|QL pipelines. A command that cannot be parsed is reported and skipped
 * up to the next pipe, so one odd command does not lose the rest of the query. Never throws.
 */
import type { Assignment, EsqlCommand, EsqlExpr } from './ast.ts';
import { ParseError, taggedBooleanNodes, TokenCursor, type SyntaxProblem } from '../parsing/cursor.ts';
import { checkBudget } from '../parsing/limits.ts';
import { tokenizeEsql, type EsqlToken } from './tokenizer.ts';

export interface EsqlParseResult {
  commands: EsqlCommand[];
  problems: SyntaxProblem[];
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=', ':', '=~']);
const EXPR_NODES = taggedBooleanNodes<EsqlExpr>();

export function parseEsql(text: string): EsqlParseResult {
  const { tokens, error } = tokenizeEsql(text);
  if (error) return { commands: [], problems: [error] };
  return new EsqlParser(tokens, text).parsePipeline();
}

/** Column names a grok or dissect pattern defines: %{IP:source.ip}, %{name}, %{+name}, (?<name>...). */
function patternColumns(pattern: string): string[] {
  const names: string[] = [];
  let at = pattern.indexOf('%{');
  while (at >= 0) {
    const end = pattern.indexOf('}', at);
    if (end < 0) break;
    const parts = pattern.slice(at + 2, end).split(':');
    const name = (parts.length > 1 ? parts[1] : parts[0]).replace(/^[+?&*]/, '').replace(/->$/, '');
    if (name) names.push(name);
    at = pattern.indexOf('%{', end);
  }
  // Named regex groups in grok patterns: (?<Esql.instance_id>...)
  for (let g = pattern.indexOf('(?<'); g >= 0; g = pattern.indexOf('(?<', g + 3)) {
    const end = pattern.indexOf('>', g);
    if (end > g + 3) names.push(pattern.slice(g + 3, end));
  }
  return names;
}

class EsqlParser extends TokenCursor<EsqlToken> {
  private readonly problems: SyntaxProblem[] = [];

  /** Never moves past the end of the current command, so error recovery restarts at its pipe. */
  protected stopsAt(t: EsqlToken): boolean {
    return t.type === 'eof' || t.type === 'pipe';
  }
  protected canBeKeyword(t: EsqlToken): boolean {
    return t.type === 'ident' && !t.quoted;
  }
  private atCommandEnd() {
    return this.stopsAt(this.tok);
  }
  private skipToPipe() {
    while (!this.atCommandEnd()) this.next();
  }

  parsePipeline(): EsqlParseResult {
    const commands: EsqlCommand[] = [];
    while (this.tok.type !== 'eof') {
      checkBudget();
      if (this.tok.type === 'pipe') {
        this.pos++;
        continue;
      }
      const start = this.pos;
      try {
        const command = this.parseCommand();
        if (!this.atCommandEnd()) throw this.error('expected "|" or end of query');
        commands.push({ ...command, text: this.sourceText(command.offset) });
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.problems.push({ offset: e.offset, message: e.message });
        commands.push({ t: 'other', name: `unparsed ${this.tokens[start].value.toLowerCase()}`, offset: this.tokens[start].offset, problem: e.message });
        this.skipToPipe();
      }
    }
    return { commands, problems: this.problems };
  }

  /** The query text from `offset` to the current token, comments and extra blanks removed. */
  private sourceText(offset: number): string {
    return this.text
      .slice(offset, this.tok.offset)
      .replace(/\/\/.*$/gm, '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\s*,$/, '');
  }

  private parseCommand(): EsqlCommand {
    const head = this.next();
    const offset = head.offset;
    const name = head.value.toLowerCase();
    switch (name) {
      case 'from':
        return this.parseFrom(offset);
      case 'where':
        return { t: 'where', expr: this.parseOr(), offset };
      case 'eval':
        return { t: 'eval', assignments: this.parseAssignments(), offset };
      case 'inline':
      case 'inlinestats':
      case 'stats': {
        if (name === 'inline') this.next();
        const aggregates = this.isWord('by') ? [] : this.parseAssignments();
        let by: Assignment[] = [];
        if (this.isWord('by')) {
          this.next();
          by = this.parseAssignments();
        }
        return { t: 'stats', inline: name !== 'stats', aggregates, by, offset };
      }
      case 'keep':
      case 'drop':
        return { t: name, fields: this.parseNames(), offset };
      case 'rename':
        return { t: 'rename', pairs: this.parseRenames(), offset };
      case 'grok':
      case 'dissect': {
        const field = this.parseOperand();
        const pattern = this.next();
        if (pattern.type !== 'string') throw this.error('expected a pattern string', pattern);
        this.skipToPipe();
        return { t: 'extract', command: name, field: field.t === 'field' ? field.name : '', columns: patternColumns(pattern.value), offset };
      }
      default:
        if (head.type !== 'ident') throw this.error('expected a command', head);
        this.skipToPipe();
        return { t: 'other', name: name === 'lookup' ? 'lookup join' : name, offset };
    }
  }

  private parseFrom(offset: number): EsqlCommand {
    const startOffset = this.tok.offset;
    while (!this.atCommandEnd() && !this.isWord('metadata')) this.next();
    const raw = this.text.slice(startOffset, this.tok.offset).replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    this.skipToPipe();
    const sources = raw
      .split(',')
      .map((s) => s.trim().replace(/^"|"$/g, ''))
      .filter(Boolean);
    return { t: 'from', sources, offset };
  }

  private parseNames(): string[] {
    const names: string[] = [];
    while (!this.atCommandEnd()) {
      const t = this.next();
      if (t.type === 'ident') names.push(t.value);
      else if (t.type === 'op' && t.value === '*') names.push('*');
      else if (!(t.type === 'op' && t.value === ',')) throw this.error('expected a column name', t);
    }
    return names;
  }

  private parseRenames(): { from: string; to: string }[] {
    return this.commaSeparated(() => {
      const a = this.next();
      if (this.isWord('as')) {
        this.next();
        return { from: a.value, to: this.next().value };
      }
      this.expectOp('=');
      return { from: this.next().value, to: a.value };
    });
  }

  private parseAssignments(): Assignment[] {
    return this.commaSeparated((): Assignment => {
      const startOffset = this.tok.offset;
      let name: string | undefined;
      if (this.tok.type === 'ident' && this.isOp('=', this.peek())) {
        name = this.next().value;
        this.next();
      }
      const exprOffset = this.tok.offset;
      const expr = this.parseOr();
      // Per-aggregate filters (count() where x) do not change the column.
      if (this.isWord('where')) {
        this.next();
        this.parseOr();
      }
      return { name: name ?? this.sourceText(startOffset), expr, text: this.sourceText(exprOffset) };
    });
  }

  private parseOr(): EsqlExpr {
    return this.booleanExpression(() => this.parsePredicate(), EXPR_NODES);
  }

  /** A predicate with its source text, so a condition no leaf holds can be quoted as written. */
  private parsePredicate(): EsqlExpr {
    const start = this.tok.offset;
    const e = this.parseBarePredicate();
    const text = this.sourceText(start);
    if (e.t === 'compare' || e.t === 'call' || e.t === 'computed') return { ...e, text };
    if (e.t === 'not' && e.child.t === 'compare') return { ...e, child: { ...e.child, text } };
    return e;
  }

  private parseBarePredicate(): EsqlExpr {
    const left = this.parseOperand();
    const t = this.tok;
    if (t.type === 'op' && COMPARISONS.has(t.value)) {
      this.next();
      return { t: 'compare', op: t.value, left, right: [this.parseOperand()], offset: t.offset };
    }
    if (this.isWord('is')) {
      this.next();
      const negated = this.isWord('not');
      if (negated) this.next();
      if (!this.isWord('null')) throw this.error('expected null');
      this.next();
      return { t: 'compare', op: negated ? 'is_not_null' : 'is_null', left, right: [], offset: t.offset };
    }
    const negated = this.isWord('not') && ['like', 'rlike', 'in'].some((w) => this.isWord(w, this.peek()));
    if (negated) this.next();
    const word = this.tok;
    if (['like', 'rlike', 'in'].some((w) => this.isWord(w))) {
      this.next();
      const op = word.value.toLowerCase();
      const right = this.isOp('(') ? this.parseList() : [this.parseOperand()];
      const cmp: EsqlExpr = { t: 'compare', op, left, right, offset: word.offset };
      return negated ? { t: 'not', child: cmp } : cmp;
    }
    return left;
  }

  private parseList(): EsqlExpr[] {
    return this.parenthesizedList(() => this.parseOperand());
  }

  private parseOperand(): EsqlExpr {
    const start = this.tok.offset;
    const operands = [this.parseTerm()];
    while (this.isOp('+') || this.isOp('-')) {
      checkBudget();
      this.next();
      operands.push(this.parseTerm());
    }
    return operands.length === 1 ? operands[0] : { t: 'computed', offset: start, operands };
  }

  private parseTerm(): EsqlExpr {
    const start = this.tok.offset;
    const operands = [this.parseUnary()];
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      checkBudget();
      this.next();
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? operands[0] : { t: 'computed', offset: start, operands };
  }

  private parseUnary(): EsqlExpr {
    if (this.isOp('-') && this.peek().type === 'number') {
      const t = this.next();
      return { t: 'literal', value: -Number(this.next().value), offset: t.offset };
    }
    if (this.isOp('-')) {
      const t = this.next();
      this.nested(() => this.parseUnary());
      return { t: 'computed', offset: t.offset };
    }
    const start = this.tok.offset;
    let e = this.parsePrimary();
    while (this.isOp('::')) {
      this.next();
      this.next();
      e = { t: 'computed', offset: start, operands: [e] };
    }
    return e;
  }

  private parsePrimary(): EsqlExpr {
    const t = this.next();
    if (t.type === 'string') return { t: 'literal', value: t.value, offset: t.offset };
    if (t.type === 'number') {
      // A time span (7 days, 1 hour) is a computed value.
      if (this.tok.type === 'ident' && /^[a-z]+$/i.test(this.tok.value) && !this.isKeywordAfterValue()) {
        this.next();
        return { t: 'computed', offset: t.offset };
      }
      return { t: 'literal', value: Number(t.value), offset: t.offset };
    }
    if (this.isOp('(', t)) {
      const inner = this.nested(() => this.parseOr());
      this.expectOp(')');
      return inner;
    }
    if (this.isOp('[', t) || this.isOp('{', t)) {
      // Array and option-map literals: skipped as one opaque value.
      const close = t.value === '[' ? ']' : '}';
      while (!this.isOp(close) && !this.atCommandEnd()) this.next();
      this.expectOp(close);
      return { t: 'computed', offset: t.offset };
    }
    if (this.isOp('*', t)) return { t: 'literal', value: '*', offset: t.offset };
    if (t.type !== 'ident') throw this.error('expected a value', t);
    const lower = t.value.toLowerCase();
    if (!t.quoted && this.isOp('(')) {
      return { t: 'call', name: lower, args: this.nested(() => this.parenthesizedList(() => this.parseOr())), offset: t.offset };
    }
    if (!t.quoted && (lower === 'true' || lower === 'false')) return { t: 'literal', value: lower === 'true', offset: t.offset };
    if (!t.quoted && lower === 'null') return { t: 'literal', value: null, offset: t.offset };
    return { t: 'field', name: t.value, offset: t.offset };
  }

  private isKeywordAfterValue(): boolean {
    return ['and', 'or', 'not', 'by', 'is', 'in', 'like', 'rlike', 'as', 'where', 'asc', 'desc', 'nulls'].some((w) => this.isWord(w));
  }
}
