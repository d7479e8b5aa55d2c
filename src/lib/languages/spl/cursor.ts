/** The shared token cursor with what SPL's two parsers add: problems collected instead of thrown, groups skipped whole. */
import { TokenCursor, type SyntaxProblem } from '../parsing/cursor.ts';
import { DepthGuard } from '../parsing/limits.ts';
import { isKeyword, type Token, type TokenType } from './tokens.ts';

export abstract class SplCursor extends TokenCursor<Token> {
  /** SPL parsers read on past what they cannot understand: every problem, in order. */
  readonly problems: SyntaxProblem[] = [];

  constructor(tokens: Token[]) {
    // A token list is one command's arguments, out of a search with macros spliced in: it ends at its last token.
    const end = tokens.at(-1)?.offset ?? 0;
    // Parentheses and NOTs: past MAX_NESTING a NestingTooDeep (with the offset) ends the whole search.
    super([...tokens, { type: 'eof', raw: '', value: '', offset: end }], '', DepthGuard.forOffsets());
  }

  protected canBeKeyword(t: Token): boolean {
    return t.type === 'word';
  }

  protected atEnd(): boolean {
    return this.tok.type === 'eof';
  }

  protected is(type: TokenType, ahead = 0): boolean {
    return this.peek(ahead).type === type;
  }

  /** Moves past the keyword: upper case only (search terms) unless `anyCase` (eval expressions). */
  protected takeKeyword(word: string, anyCase = false): boolean {
    if (!isKeyword(this.tok, word, anyCase)) return false;
    this.next();
    return true;
  }

  protected accept(type: TokenType): Token | undefined {
    return this.is(type) ? this.next() : undefined;
  }

  protected expect(type: TokenType, what: string): Token | undefined {
    const t = this.accept(type);
    if (!t) this.problem(`expected ${what}`);
    return t;
  }

  protected problem(message: string, at: Token = this.tok): void {
    this.problems.push({ offset: at.offset, message });
  }

  /** The current token as a problem names it. */
  protected shown(t: Token = this.tok): string {
    return t.type === 'eof' ? 'end' : t.raw;
  }

  /** Skips a balanced group starting at an opening token; returns the tokens inside. */
  protected skipGroup(open: TokenType, close: TokenType): Token[] {
    const start = this.pos + 1;
    let depth = 0;
    while (!this.atEnd()) {
      const t = this.next();
      if (t.type === open) depth++;
      else if (t.type === close && --depth === 0) return this.tokens.slice(start, this.pos - 1);
    }
    this.problem(`unbalanced ${open === 'lparen' ? 'parenthesis' : 'bracket'}`);
    return this.tokens.slice(start, this.pos);
  }
}
