/**
 * The Sigma `condition` expression: a tokenizer and a recursive-descent parser.
 * Precedence, tightest first: not > and > or; parentheses group; `1 of x*`, `all of x*`, `1 of them`.
 * The Sigma 1.x aggregation suffix (`| count() by x > 5`) and `near` are kept as text for the reason.
 */
import { parseBoolean, type BooleanLevel } from '../parsing/boolean.ts';
import { catchSyntaxError, ParseError, TokenCursor, type SyntaxProblem } from '../parsing/cursor.ts';

export type ConditionAst =
  | { type: 'ref'; name: string; offset: number }
  | { type: 'of'; quantifier: 'all' | number; target: string; offset: number }
  | { type: 'and' | 'or'; children: ConditionAst[] }
  | { type: 'not'; child: ConditionAst };

export interface ParsedCondition {
  ast?: ConditionAst;
  /** Text after a top-level `|` (Sigma 1.x aggregation), trimmed. */
  aggregation?: string;
  /** Offsets are 0-based in the condition text. Parsing stops at the first error; warnings may precede it. */
  problems: SyntaxProblem[];
}

type TokenType = 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'of' | 'all' | 'any' | 'number' | 'them' | 'ident' | 'pipe' | 'eof';

interface Token {
  type: TokenType;
  value: string;
  offset: number;
}

const KEYWORDS: Record<string, TokenType> = { and: 'and', or: 'or', not: 'not', of: 'of', all: 'all', any: 'any', them: 'them' };

export function tokenizeCondition(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === '|') {
      tokens.push({ type: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'pipe', value: ch, offset: i });
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !/[\s()|]/.test(text[i])) i++;
    const word = text.slice(start, i);
    const keyword = KEYWORDS[word.toLowerCase()];
    const type: TokenType = keyword ?? (/^\d+$/.test(word) ? 'number' : 'ident');
    tokens.push({ type, value: word, offset: start });
  }
  tokens.push({ type: 'eof', value: '', offset: text.length });
  return tokens;
}

function chain(type: 'and' | 'or', joins: () => boolean): BooleanLevel<ConditionAst> {
  return { joins, build: (children) => (children.length === 1 ? children[0] : { type, children }) };
}

class ConditionParser extends TokenCursor<Token> {
  readonly warnings: SyntaxProblem[] = [];

  /** Keywords are token types of their own: an identifier never reads as one. */
  protected canBeKeyword(t: Token): boolean {
    return t.type !== 'ident';
  }

  private fail(message: string, token = this.tok): never {
    throw new ParseError(message, token.offset);
  }

  parseExpression(): ConditionAst {
    return parseBoolean<ConditionAst>({
      levels: [chain('or', () => this.takeWord('or')), chain('and', () => this.takeWord('and'))],
      negates: () => this.takeWord('not'),
      not: (child) => ({ type: 'not', child }),
      operand: () => this.parsePrimary(),
      nested: (parse) => this.nested(parse),
      mark: () => this.tok.offset,
    });
  }

  private parsePrimary(): ConditionAst {
    const t = this.tok;
    switch (t.type) {
      case 'lparen': {
        this.next();
        const inner = this.nested(() => this.parseExpression(), t.offset);
        if (this.tok.type !== 'rparen') this.fail('expected ")"');
        this.next();
        return inner;
      }
      case 'number':
      case 'all':
      case 'any':
        return this.parseOf();
      case 'ident':
        this.next();
        return { type: 'ref', name: t.value, offset: t.offset };
      case 'eof':
        return this.fail('unexpected end of condition');
      default:
        return this.fail(`unexpected "${t.value}"`);
    }
  }

  /** `1 of selection_*`, `all of them`; `any of` is read as `1 of`. */
  private parseOf(): ConditionAst {
    const q = this.next();
    if (this.tok.type !== 'of') this.fail(`expected "of" after "${q.value}"`);
    this.next();
    const target = this.tok;
    if (target.type !== 'ident' && target.type !== 'them') this.fail('expected a selection name or "them" after "of"');
    this.next();
    const quantifier = q.type === 'all' ? 'all' : q.type === 'any' ? 1 : Number(q.value);
    if (quantifier === 0) this.warnings.push({ message: '"0 of" matches nothing useful', offset: q.offset });
    return { type: 'of', quantifier, target: target.type === 'them' ? 'them' : target.value, offset: q.offset };
  }

  /** The whole condition, then a Sigma 1.x aggregation after `|`, or nothing. */
  parseCondition(): { ast: ConditionAst; aggregation?: string } {
    const ast = this.parseExpression();
    if (this.tok.type === 'pipe') return { ast, aggregation: this.text.slice(this.tok.offset + 1).trim() };
    if (this.tok.type !== 'eof') this.fail(`unexpected "${this.tok.value}" after the end of the condition`);
    return { ast };
  }
}

/** The condition's tree, or the first syntax error (one mistake, one problem), after any warnings. */
export function parseCondition(text: string): ParsedCondition {
  const parser = new ConditionParser(tokenizeCondition(text), text);
  const parsed = catchSyntaxError(() => parser.parseCondition());
  if (parsed.error) return { problems: [...parser.warnings, parsed.error] };
  return { ...parsed.value, problems: parser.warnings };
}
