/**
 * The Sigma `condition` expression: a tokenizer and a recursive-descent parser.
 * Precedence, tightest first: not > and > or; parentheses group; `1 of x*`, `all of x*`, `1 of them`.
 * The Sigma 1.x aggregation suffix (`| count() by x > 5`) and `near` are kept as text for the reason.
 */
import { checkBudget, DepthGuard, NestingTooDeep } from '../parsing/limits.ts';

export type ConditionAst =
  | { type: 'ref'; name: string; offset: number }
  | { type: 'of'; quantifier: 'all' | number; target: string; offset: number }
  | { type: 'and' | 'or'; children: ConditionAst[] }
  | { type: 'not'; child: ConditionAst };

export interface ConditionProblem {
  message: string;
  /** 0-based character offset in the condition text. */
  offset: number;
}

export interface ParsedCondition {
  ast?: ConditionAst;
  /** Text after a top-level `|` (Sigma 1.x aggregation), trimmed. */
  aggregation?: string;
  problems: ConditionProblem[];
}

type TokenType = 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'of' | 'all' | 'any' | 'number' | 'them' | 'ident' | 'pipe' | 'eof';

interface Token {
  type: TokenType;
  text: string;
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
      tokens.push({ type: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'pipe', text: ch, offset: i });
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !/[\s()|]/.test(text[i])) i++;
    const word = text.slice(start, i);
    const keyword = KEYWORDS[word.toLowerCase()];
    const type: TokenType = keyword ?? (/^\d+$/.test(word) ? 'number' : 'ident');
    tokens.push({ type, text: word, offset: start });
  }
  tokens.push({ type: 'eof', text: '', offset: text.length });
  return tokens;
}

class ConditionParser {
  private pos = 0;
  readonly problems: ConditionProblem[] = [];
  private readonly depth: DepthGuard;

  constructor(
    private readonly tokens: Token[],
    text: string,
  ) {
    this.depth = DepthGuard.forText(text);
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.type !== 'eof') this.pos++;
    return t;
  }

  private fail(message: string, token = this.peek()): undefined {
    this.problems.push({ message, offset: token.offset });
    return undefined;
  }

  parseExpression(): ConditionAst | undefined {
    return this.parseOr();
  }

  private parseOr(): ConditionAst | undefined {
    const children = [this.parseAnd()];
    while (this.peek().type === 'or') {
      checkBudget();
      this.next();
      children.push(this.parseAnd());
    }
    if (children.some((c) => !c)) return undefined;
    return children.length === 1 ? children[0] : { type: 'or', children: children as ConditionAst[] };
  }

  private parseAnd(): ConditionAst | undefined {
    const children = [this.parseNot()];
    while (this.peek().type === 'and') {
      checkBudget();
      this.next();
      children.push(this.parseNot());
    }
    if (children.some((c) => !c)) return undefined;
    return children.length === 1 ? children[0] : { type: 'and', children: children as ConditionAst[] };
  }

  private parseNot(): ConditionAst | undefined {
    if (this.peek().type === 'not') {
      this.next();
      const child = this.depth.nested(this.peek().offset, () => this.parseNot());
      return child && { type: 'not', child };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionAst | undefined {
    const t = this.peek();
    switch (t.type) {
      case 'lparen': {
        this.next();
        const inner = this.depth.nested(t.offset, () => this.parseOr());
        if (this.peek().type !== 'rparen') return this.fail('expected ")"');
        this.next();
        return inner;
      }
      case 'number':
      case 'all':
      case 'any':
        return this.parseOf();
      case 'ident':
        this.next();
        return { type: 'ref', name: t.text, offset: t.offset };
      case 'eof':
        return this.fail('unexpected end of condition');
      default:
        return this.fail(`unexpected "${t.text}"`);
    }
  }

  /** `1 of selection_*`, `all of them`; `any of` is read as `1 of`. */
  private parseOf(): ConditionAst | undefined {
    const q = this.next();
    if (this.peek().type !== 'of') return this.fail(`expected "of" after "${q.text}"`);
    this.next();
    const target = this.peek();
    if (target.type !== 'ident' && target.type !== 'them') return this.fail('expected a selection name or "them" after "of"');
    this.next();
    const quantifier = q.type === 'all' ? 'all' : q.type === 'any' ? 1 : Number(q.text);
    if (quantifier === 0) this.problems.push({ message: '"0 of" matches nothing useful', offset: q.offset });
    return { type: 'of', quantifier, target: target.type === 'them' ? 'them' : target.text, offset: q.offset };
  }

  current(): Token {
    return this.peek();
  }
}

export function parseCondition(text: string): ParsedCondition {
  const tokens = tokenizeCondition(text);
  const parser = new ConditionParser(tokens, text);
  let ast: ConditionAst | undefined;
  try {
    ast = parser.parseExpression();
  } catch (e) {
    if (!(e instanceof NestingTooDeep)) throw e;
    return { problems: [...parser.problems, { message: e.message, offset: e.offset }] };
  }
  const rest = parser.current();
  let aggregation: string | undefined;
  if (ast && rest.type === 'pipe') {
    aggregation = text.slice(rest.offset + 1).trim();
  } else if (ast && rest.type !== 'eof') {
    parser.problems.push({ message: `unexpected "${rest.text}" after the end of the condition`, offset: rest.offset });
    return { problems: parser.problems };
  }
  return { ast, aggregation, problems: parser.problems };
}
