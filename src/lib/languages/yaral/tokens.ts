/** A cursor over YARA-L tokens, shared by the rule parser and the expression parser. */
import type { Pos } from './ast.ts';
import type { Token, TokenType } from './lexer.ts';

export class YaralSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export const SECTION_NAMES = ['meta', 'events', 'match', 'outcome', 'condition', 'options'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export class TokenStream {
  private i = 0;
  constructor(readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  pos(t: Token = this.peek()): Pos {
    return { line: t.line, column: t.column };
  }

  /** True when the next token is the keyword (case-insensitive identifier). */
  isKeyword(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'ident' && t.value.toLowerCase() === word;
  }

  isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'punct' && t.value === p;
  }

  isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'op' && t.value === op;
  }

  is(type: TokenType, ahead = 0): boolean {
    return this.peek(ahead).type === type;
  }

  /** The next tokens open a section: `events :`. */
  atSection(): boolean {
    const t = this.peek();
    return t.type === 'ident' && (SECTION_NAMES as readonly string[]).includes(t.value.toLowerCase()) && this.isPunct(':', 1);
  }

  /** The end of a section: another section, the closing brace of the rule, or the end of the text. */
  atSectionEnd(): boolean {
    return this.atSection() || this.isPunct('}') || this.is('eof');
  }

  fail(message: string, t: Token = this.peek()): never {
    const found = t.type === 'eof' ? 'end of file' : JSON.stringify(t.value);
    throw new YaralSyntaxError(`${message} (found ${found})`, t.line, t.column);
  }

  expectPunct(p: string): Token {
    if (!this.isPunct(p)) this.fail(`expected "${p}"`);
    return this.next();
  }

  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) this.fail(`expected "${word}"`);
    return this.next();
  }
}
