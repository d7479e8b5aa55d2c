/**
 * SPL tokenizer. SPL has two expression languages (search terms and eval/where expressions) that share one
 * lexical layer: words, "double-quoted strings", 'single-quoted field names', comparison operators, parentheses,
 * brackets (subsearches), commas, pipes and `macros`. Arithmetic signs stay inside words: search terms use
 * them as ordinary characters (`*.exe`, `-70m@m`), and the few where clauses that compute are reported as such.
 */
import type { SyntaxProblem } from '../parsing/cursor.ts';

/** `eof` ends the token list a parser reads; the tokenizer never makes one. */
export type TokenType = 'word' | 'string' | 'field' | 'op' | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'pipe' | 'macro' | 'eof';

export interface Token {
  type: TokenType;
  /** The token as written (strings with their quotes). */
  raw: string;
  /** The value: strings and words unescaped, macros without backticks. */
  value: string;
  /** Offset in the text the token came from; tokens spliced from a macro keep the offset of the macro call. */
  offset: number;
  /** Name of the macro this token was expanded from, if any. */
  macro?: string;
}

export interface TokenizeResult {
  tokens: Token[];
  problems: SyntaxProblem[];
}

const SINGLE: Record<string, TokenType> = {
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
  ',': 'comma',
  '|': 'pipe',
};

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r';
}

/** Characters that end a word. `!` ends a word only as part of `!=`. */
function endsWord(text: string, i: number): boolean {
  const c = text[i];
  if (isSpace(c) || c in SINGLE || c === '"' || c === '`' || c === '=' || c === '<' || c === '>') return true;
  return c === '!' && text[i + 1] === '=';
}

/** SPL escapes: `\\` is a backslash and `\"` a quote; any other backslash stays as written. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: SPL's own unescape; the deprecated global is never used here
export function unescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && (raw[i + 1] === '\\' || raw[i + 1] === '"')) {
      out += raw[i + 1];
      i++;
    } else out += c;
  }
  return out;
}

function readQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && quote === '"') i++;
    i++;
  }
  return i; // index of the closing quote, or text.length when unterminated
}

export function tokenize(text: string, baseOffset = 0): TokenizeResult {
  const tokens: Token[] = [];
  const problems: TokenizeResult['problems'] = [];
  let i = 0;
  const push = (type: TokenType, start: number, end: number, value: string) =>
    tokens.push({ type, raw: text.slice(start, end), value, offset: baseOffset + start });
  while (i < text.length) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
    } else if (text.startsWith('```', i)) {
      // ```comment```
      const end = text.indexOf('```', i + 3);
      i = end < 0 ? text.length : end + 3;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) {
        problems.push({ offset: baseOffset + i, message: 'unterminated macro call' });
        i = text.length;
      } else {
        push('macro', i, end + 1, text.slice(i + 1, end).trim());
        i = end + 1;
      }
    } else if (c === '"' || (c === "'" && text.indexOf("'", i + 1) > i)) {
      const end = readQuoted(text, i, c);
      if (end >= text.length) problems.push({ offset: baseOffset + i, message: 'unterminated string' });
      const inner = text.slice(i + 1, Math.min(end, text.length));
      push(c === '"' ? 'string' : 'field', i, Math.min(end + 1, text.length), c === '"' ? unescape(inner) : inner);
      i = end + 1;
    } else if (c in SINGLE) {
      push(SINGLE[c], i, i + 1, c);
      i++;
    } else if (c === '=' || c === '<' || c === '>' || c === '!') {
      const two = text.slice(i, i + 2);
      const op = two === '==' || two === '!=' || two === '<=' || two === '>=' ? two : c;
      push('op', i, i + op.length, op);
      i += op.length;
    } else {
      const start = i;
      while (i < text.length && !endsWord(text, i)) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        i++;
      }
      push('word', start, i, unescape(text.slice(start, i)));
    }
  }
  return { tokens, problems };
}

/** Upper-case keyword test: search keywords (AND, OR, NOT, IN) must be upper case; eval ones need not. */
export function isKeyword(t: Token | undefined, word: string, anyCase = false): boolean {
  if (!t || t.type !== 'word') return false;
  return anyCase ? t.value.toUpperCase() === word : t.value === word;
}

/** Tokens as text, spaced as people write SPL: `dc(dest) >= 10`, `count > 5 AND user="x"`. */
export function tokensText(tokens: Token[]): string {
  let out = '';
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const tight =
      !prev || prev.type === 'lparen' || t.type === 'rparen' || t.type === 'comma' || (t.type === 'lparen' && prev.type === 'word');
    out += (tight ? '' : ' ') + t.raw;
  });
  return out;
}
