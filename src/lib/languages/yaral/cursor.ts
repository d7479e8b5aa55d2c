/** The shared token cursor with what YARA-L's rule and expression parsers add: sections, punctuation, its wording. */
import { ParseError, TokenCursor } from '../parsing/cursor.ts';
import type { Pos } from './ast.ts';
import type { Token, TokenType } from './lexer.ts';

export const SECTION_NAMES = ['meta', 'events', 'match', 'outcome', 'condition', 'options'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export abstract class YaralCursor extends TokenCursor<Token> {
  /** Keywords (rule, and, not, in, nocase...) are identifiers the parser recognizes, in any case. */
  protected canBeKeyword(t: Token): boolean {
    return t.type === 'ident';
  }

  protected posOf(t: Token = this.tok): Pos {
    return { line: t.line, column: t.column };
  }

  /** True when the token `ahead` of the current one is the keyword. */
  protected isKeyword(word: string, ahead = 0): boolean {
    return this.isWord(word, this.peek(ahead));
  }

  protected isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'punct' && t.value === p;
  }

  protected is(type: TokenType, ahead = 0): boolean {
    return this.peek(ahead).type === type;
  }

  /** The next tokens open a section: `events :`. */
  protected atSection(): boolean {
    const t = this.tok;
    return t.type === 'ident' && (SECTION_NAMES as readonly string[]).includes(t.value.toLowerCase()) && this.isPunct(':', 1);
  }

  /** The end of a section: another section, the closing brace of the rule, or the end of the text. */
  protected atSectionEnd(): boolean {
    return this.atSection() || this.isPunct('}') || this.is('eof');
  }

  /** `rule <name> {`: where a rule starts, and where reading resumes after a broken one. */
  protected atRuleStart(): boolean {
    return this.isKeyword('rule') && this.is('ident', 1) && this.isPunct('{', 2);
  }

  protected error(message: string, t: Token = this.tok): ParseError {
    const found = t.type === 'eof' ? 'end of file' : JSON.stringify(t.value);
    return new ParseError(`${message} (found ${found})`, t.offset);
  }

  protected fail(message: string, t: Token = this.tok): never {
    throw this.error(message, t);
  }

  protected expectPunct(p: string): Token {
    if (!this.isPunct(p)) this.fail(`expected "${p}"`);
    return this.next();
  }

  protected expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) this.fail(`expected "${word}"`);
    return this.next();
  }
}
