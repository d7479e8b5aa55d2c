/**
 * Lucene query-string syntax → condition tree: tokenizer plus recursive descent.
 *   or := and ((OR | "||") and)* ; and := not ((AND | "&&")? not)* ; not := (NOT | "!" | "-") not | "+"? term
 *   term := "(" or ")" | field ":" values | value ; values := "(" valueOr ")" | value | range
 * Juxtaposed terms are joined with AND (how detection rules read them). Lower-case and/or/not count as
 * operators, as the rules' authors mean them.
 */
import { and, leaf, not, or } from '../../logic/tree.ts';
import type { Condition, Value } from '../../logic/types.ts';
import { mergeAlternatives } from '../parsing/alternatives.ts';
import { catchSyntaxError, ParseError, TokenCursor, type SyntaxProblem } from '../parsing/cursor.ts';
import { checkBudget } from '../parsing/limits.ts';

/** A field:value term on a keyword field matches case-sensitively, as in kuery (parser.ts there). */
const CASE_SENSITIVE = { caseSensitive: true } as const;

type TokenType = '(' | ')' | ':' | 'and' | 'or' | 'not' | 'plus' | 'range' | 'quoted' | 'regex' | 'word' | 'eof';
interface Token {
  type: TokenType;
  value: string;
  offset: number;
}

export interface LuceneResult {
  condition?: Condition;
  error?: SyntaxProblem;
}

const STOP = /[\s():"]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) i++;
    else if (c === '(' || c === ')' || c === ':') tokens.push({ type: c, value: c, offset: i++ });
    else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push({ type: c === '&' ? 'and' : 'or', value: text.slice(i, i + 2), offset: i });
      i += 2;
    } else if ((c === '!' || c === '-') && i + 1 < text.length && !/\s/.test(text[i + 1])) tokens.push({ type: 'not', value: c, offset: i++ });
    else if (c === '+') tokens.push({ type: 'plus', value: c, offset: i++ });
    else if (c === '"' || c === '/') {
      i++;
      let value = '';
      while (i < text.length && text[i] !== c) {
        const escaped = text[i] === '\\' && text[i + 1] === c;
        value += escaped ? c : text[i];
        i += escaped ? 2 : 1;
      }
      i++;
      tokens.push({ type: c === '"' ? 'quoted' : 'regex', value, offset: start });
    } else if (c === '[' || c === '{') {
      const end = text.slice(i).search(/[\]}]/);
      const close = end < 0 ? text.length : i + end + 1;
      tokens.push({ type: 'range', value: text.slice(i, close), offset: start });
      i = close;
    } else {
      let value = '';
      while (i < text.length && !STOP.test(text[i])) {
        const escaped = text[i] === '\\' && i + 1 < text.length;
        value += escaped ? text[i + 1] : text[i];
        i += escaped ? 2 : 1;
      }
      const word = value.toLowerCase();
      const type = word === 'and' || word === 'or' || word === 'not' ? word : 'word';
      tokens.push({ type, value, offset: start });
    }
  }
  tokens.push({ type: 'eof', value: '', offset: text.length });
  return tokens;
}

function typed(text: string): Value {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

export function parseLucene(text: string): LuceneResult {
  const tokens = tokenize(text);
  if (tokens.length === 1) return {};
  const parsed = catchSyntaxError(() => new LuceneParser(tokens, text).parseQuery());
  return parsed.error ? { error: parsed.error } : { condition: parsed.value };
}

class LuceneParser extends TokenCursor<Token> {
  /** The tokenizer already types and/or/not (AND, &&, lower-case and...) apart from words. */
  protected canBeKeyword(): boolean {
    return false;
  }
  private is(type: TokenType): boolean {
    return this.tok.type === type;
  }
  private fail(message: string, t: Token = this.tok): never {
    throw new ParseError(message, t.offset);
  }
  private expectClose(): void {
    if (!this.is(')')) this.fail('expected ")"');
    this.next();
  }
  private startsTerm(): boolean {
    return !['eof', ')', 'or', 'and'].includes(this.tok.type);
  }

  parseQuery(): Condition | undefined {
    const condition = this.parseOr();
    if (!this.is('eof')) this.fail('expected end of query');
    return condition;
  }

  private parseOr(field?: string): Condition | undefined {
    const children = [this.parseAnd(field)];
    while (this.is('or')) (checkBudget(), this.next(), children.push(this.parseAnd(field)));
    return or(...children);
  }
  private parseAnd(field?: string): Condition | undefined {
    const children = [this.parseNot(field)];
    for (;;) {
      checkBudget();
      if (this.is('and')) this.next();
      else if (!this.startsTerm()) break;
      children.push(this.parseNot(field));
    }
    return and(...children);
  }
  private parseNot(field?: string): Condition | undefined {
    if (this.is('not')) return (this.next(), not(this.nested(() => this.parseNot(field))));
    if (this.is('plus')) this.next();
    return field ? this.parseValues(field) : this.parseTerm();
  }
  private parseTerm(): Condition | undefined {
    const t = this.tok;
    if (t.type === '(') {
      this.next();
      const inner = this.nested(() => this.parseOr());
      this.expectClose();
      return inner;
    }
    if (t.type === 'word' && this.peek().type === ':') {
      this.next();
      this.next();
      if (t.value === '_exists_') {
        if (this.is('eof')) this.fail('expected a field');
        return leaf(this.next().value, 'is_not_null');
      }
      if (this.is('word') && this.tok.value === '*') {
        this.next();
        return leaf(t.value, 'is_not_null');
      }
      return this.parseValues(t.value);
    }
    return this.valueLeaf('*', true);
  }
  private parseValues(field: string): Condition | undefined {
    if (!this.is('(')) return this.valueLeaf(field, false);
    this.next();
    const inner = mergeAlternatives(this.nested(() => this.parseOr(field)));
    this.expectClose();
    return inner;
  }
  private valueLeaf(field: string, bare: boolean): Condition | undefined {
    const t = this.next();
    // A bare quoted string is a phrase search over every field (its words in this order), a bare word a full-text term.
    if (bare && t.type === 'quoted') return leaf('*', 'keyword', [t.value], { match: 'phrase' });
    if (bare && t.type === 'word') return leaf('*', 'keyword', [t.value]);
    switch (t.type) {
      case 'quoted':
        return leaf(field, 'eq', [t.value], CASE_SENSITIVE);
      case 'regex':
        return leaf(field, 'regex', [t.value], CASE_SENSITIVE);
      case 'range': {
        const [low, high] = t.value.slice(1, -1).split(/\s+TO\s+/);
        const lowKind = t.value[0] === '[' ? 'gte' : 'gt';
        const highKind = t.value.endsWith(']') ? 'lte' : 'lt';
        return and(low && low !== '*' ? leaf(field, lowKind, [typed(low)]) : undefined, high && high !== '*' ? leaf(field, highKind, [typed(high)]) : undefined);
      }
      case 'word': {
        const m = /^(>=|<=|>|<)(.+)$/.exec(t.value);
        if (m) return leaf(field, ({ '>=': 'gte', '<=': 'lte', '>': 'gt', '<': 'lt' } as const)[m[1] as '>'], [typed(m[2])]);
        if (/[*?]/.test(t.value)) return leaf(field, 'wildcard', [t.value], CASE_SENSITIVE);
        const value = typed(t.value);
        return leaf(field, 'eq', [value], typeof value === 'string' ? CASE_SENSITIVE : {});
      }
    }
    return this.fail('expected a value', t);
  }
}
