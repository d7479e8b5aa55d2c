/** A cursor over tokens, shared by the SPL parsers. */
import { DepthGuard } from '../parsing/limits.ts';
import type { Token, TokenType } from './tokens.ts';

export interface Problem {
  offset: number;
  message: string;
}

export class Cursor {
  pos = 0;
  readonly problems: Problem[] = [];
  /** Parentheses and NOTs: past MAX_NESTING a NestingTooDeep (with the offset) ends the whole search. */
  private readonly depth = DepthGuard.forOffsets();

  constructor(
    readonly tokens: Token[],
    /** Offset to report when the input ends early. */
    readonly endOffset = tokens.at(-1)?.offset ?? 0,
  ) {}

  /** Runs `parse` one level deeper. */
  nested<T>(parse: () => T): T {
    return this.depth.nested(this.peek()?.offset ?? this.endOffset, parse);
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  is(type: TokenType, ahead = 0): boolean {
    return this.peek(ahead)?.type === type;
  }

  accept(type: TokenType): Token | undefined {
    return this.is(type) ? this.next() : undefined;
  }

  expect(type: TokenType, what: string): Token | undefined {
    const t = this.accept(type);
    if (!t) this.problem(`expected ${what}`);
    return t;
  }

  problem(message: string, at: Token | undefined = this.peek()): void {
    this.problems.push({ offset: at?.offset ?? this.endOffset, message });
  }

  /** Skips a balanced group starting at an opening token; returns the tokens inside. */
  skipGroup(open: TokenType, close: TokenType): Token[] {
    const start = this.pos + 1;
    let depth = 0;
    while (!this.atEnd()) {
      const t = this.next()!;
      if (t.type === open) depth++;
      else if (t.type === close && --depth === 0) return this.tokens.slice(start, this.pos - 1);
    }
    this.problem(`unbalanced ${open === 'lparen' ? 'parenthesis' : 'bracket'}`);
    return this.tokens.slice(start);
  }
}
