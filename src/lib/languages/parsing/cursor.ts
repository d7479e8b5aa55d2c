/**
 * What every hand-written recursive-descent parser (ES|QL, SPL, YARA-L, Sigma conditions) shares:
 * the syntax problem it reports (a message and an offset; line and column come from positions.ts), the
 * exception that unwinds a parse, and a cursor over a token list. The or/and/not ladder is boolean.ts.
 */
import { parseBoolean } from './boolean.ts';
import { checkBudget, DepthGuard, nestingMessage } from './limits.ts';
import { offsetPosition } from './positions.ts';

/** A syntax problem at a character offset of the query. */
export interface SyntaxProblem {
  offset: number;
  message: string;
}

/** Thrown inside a parser to give up on the current query (or command); never escapes the parse function. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Runs a parse: its result, or the syntax problem a ParseError reported. Any other exception is a bug and propagates. */
export function catchSyntaxError<T>(parse: () => T): { value: T; error?: undefined } | { value?: undefined; error: SyntaxProblem } {
  try {
    return { value: parse() };
  } catch (e) {
    if (e instanceof ParseError) return { error: { offset: e.offset, message: e.message } };
    throw e;
  }
}

/** How a parser builds its boolean nodes: nodes of its own syntax tree, or condition-tree nodes straight away. */
export interface BooleanNodes<E> {
  or(children: E[]): E;
  and(children: E[]): E;
  not(child: E): E;
}

export type BooleanNode<E> = { t: 'or' | 'and'; children: E[] } | { t: 'not'; child: E };

/** Boolean nodes of a syntax tree tagged by `t` (ES|QL): `or` and `and` with one child are that child. */
export function taggedBooleanNodes<E>(): BooleanNode<E> extends E ? BooleanNodes<E> : never {
  const nodes: BooleanNodes<BooleanNode<E> | E> = {
    or: (children) => (children.length === 1 ? children[0] : { t: 'or', children: children as E[] }),
    and: (children) => (children.length === 1 ? children[0] : { t: 'and', children: children as E[] }),
    not: (child) => ({ t: 'not', child: child as E }),
  };
  return nodes as BooleanNode<E> extends E ? BooleanNodes<E> : never;
}

/** The least a token has: every tokenizer ends its list with one `eof` token. */
export interface Token {
  type: string;
  value: string;
  offset: number;
}

/** A position in a token list with the moves and checks every parser makes. */
export abstract class TokenCursor<T extends Token> {
  protected pos = 0;
  /** Levels of parentheses and `not`s: past MAX_NESTING the parse stops with "nested deeper than N at line:col". */
  protected readonly depth: DepthGuard;
  constructor(
    protected readonly tokens: T[],
    protected readonly text: string,
    /** How too deep a nesting unwinds; by default a ParseError placed in `text`. */
    depth?: DepthGuard,
  ) {
    this.depth = depth ?? new DepthGuard((at) => new ParseError(nestingMessage(offsetPosition(text, at)), at));
  }

  /** Runs `parse` one level deeper (a parenthesis, a `not`, a call's arguments); too deep is reported at `at`. */
  protected nested<R>(parse: () => R, at = this.tok.offset): R {
    return this.depth.nested(at, parse);
  }

  protected get tok(): T {
    return this.tokens[this.pos];
  }
  protected peek(n = 1): T {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)];
  }
  /** Returns the current token and moves on, but never past a token where `stopsAt` holds. */
  protected next(): T {
    const t = this.tok;
    if (!this.stopsAt(t)) this.pos++;
    return t;
  }
  protected stopsAt(t: T): boolean {
    return t.type === 'eof';
  }

  /** A token that can be a keyword (and, or, not, in...); quoted or optional names cannot. */
  protected abstract canBeKeyword(t: T): boolean;
  protected isWord(word: string, t: T = this.tok): boolean {
    return this.canBeKeyword(t) && t.value.toLowerCase() === word;
  }
  protected isOp(value: string, t: T = this.tok): boolean {
    return t.type === 'op' && t.value === value;
  }
  /** Moves past the keyword when it is the current token: a connector of the boolean ladder. */
  protected takeWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }
  /** Moves past the operator when it is the current token. */
  protected takeOp(value: string): boolean {
    if (!this.isOp(value)) return false;
    this.next();
    return true;
  }
  protected expectOp(value: string): T {
    if (!this.isOp(value)) throw this.error(`expected "${value}"`);
    return this.next();
  }
  protected expectEnd(): void {
    if (this.tok.type !== 'eof') throw this.error('expected end of query');
  }
  protected error(message: string, t: T = this.tok): ParseError {
    return new ParseError(`${message}, found ${t.type === 'eof' ? 'end of query' : JSON.stringify(t.value)}`, t.offset);
  }

  /** `or := and ("or" and)* ; and := not ("and" not)* ; not := "not" not | operand`, built with `nodes`. */
  protected booleanExpression<E>(operand: () => E, nodes: BooleanNodes<E>): E {
    return parseBoolean({
      levels: [
        { joins: () => this.takeWord('or'), build: (items) => nodes.or(items) },
        { joins: () => this.takeWord('and'), build: (items) => nodes.and(items) },
      ],
      negates: () => this.takeWord('not'),
      not: (child) => nodes.not(child),
      operand,
      nested: (parse) => this.nested(parse),
      mark: () => this.tok.offset,
    });
  }

  /** `item (, item)*`: at least one item. */
  protected commaSeparated<R>(item: () => R): R[] {
    const items = [item()];
    while (this.isOp(',')) {
      checkBudget();
      this.next();
      items.push(item());
    }
    return items;
  }

  /** `( item, item, ... )`, possibly empty. */
  protected parenthesizedList<R>(item: () => R): R[] {
    this.expectOp('(');
    const items: R[] = [];
    while (!this.isOp(')')) {
      checkBudget();
      items.push(item());
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(')');
    return items;
  }
}
