/**
 * Tokenizer for YARA-L 2.0 rules. Comments are skipped; every token keeps its offset, line and column.
 * A slash is a regex literal where a value may start (after `=`, `(`, `,`...) and division after a value.
 */
import type { SyntaxProblem } from '../parsing/cursor.ts';

export type TokenType =
  | 'variable' // $e, $user (name without the $)
  | 'count' // #e
  | 'reflist' // %list_name
  | 'ident' // rule, meta, re, regex, nocase, and... (keywords are identifiers the parser recognizes)
  | 'string' // "double quoted", value unescaped
  | 'rawstring' // `back quoted`, value as written
  | 'regex' // /pattern/, value is the pattern as written
  | 'number'
  | 'duration' // 5m, 24h, 1d
  | 'op' // = != < > <= >= =~ + - * / !
  | 'punct' // ( ) { } [ ] , . :
  | 'eof';

export interface Token {
  type: TokenType;
  /** Decoded value: the name for variables, the unescaped text for strings, the operator itself. */
  value: string;
  offset: number;
  /** Offset just past the token. */
  end: number;
  line: number;
  column: number;
}

export interface LexResult {
  /** Always ends with an `eof` token. */
  tokens: Token[];
  /** First problem found, if any; the tokens stop there. */
  error?: SyntaxProblem;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const PUNCT = '(){}[],.:';

/** Token types after which a slash divides rather than opens a regex literal. */
function endsValue(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.type === 'punct') return t.value === ')' || t.value === ']';
  return t.type !== 'op';
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'" };

export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const push = (type: TokenType, value: string, start: number, startLine: number, startCol: number) =>
    tokens.push({ type, value, offset: start, end: i, line: startLine, column: startCol });
  /** The end of the tokens: the end of the text, or where a problem stopped the tokenizer. */
  const eof = (at = text.length) => tokens.push({ type: 'eof', value: '', offset: at, end: at, line, column: at - lineStart + 1 });
  const fail = (message: string, at: number): LexResult => {
    eof(at);
    return { tokens, error: { message, offset: at } };
  };
  /** Advances over text[from, to), counting newlines. */
  const advanceTo = (to: number) => {
    for (; i < to; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
  };

  while (i < text.length) {
    const c = text[i];
    const start = i;
    const startLine = line;
    const col = i - lineStart + 1;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff') {
      advanceTo(i + 1);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      advanceTo(nl < 0 ? text.length : nl);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return fail('unterminated block comment', start);
      advanceTo(close + 2);
      continue;
    }
    if (c === '"') {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          const e = text[j + 1];
          value += ESCAPES[e] ?? '\\' + e;
          j++;
        } else value += text[j];
      }
      if (j >= text.length) return fail('unterminated string', start);
      advanceTo(j + 1);
      push('string', value, start, startLine, col);
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) return fail('unterminated raw string', start);
      const value = text.slice(i + 1, close);
      advanceTo(close + 1);
      push('rawstring', value, start, startLine, col);
      continue;
    }
    if (c === '/' && !endsValue(tokens[tokens.length - 1])) {
      let j = i + 1;
      for (; j < text.length && text[j] !== '/' && text[j] !== '\n'; j++) if (text[j] === '\\') j++;
      if (text[j] !== '/') return fail('unterminated regular expression', start);
      const value = text.slice(i + 1, j);
      advanceTo(j + 1);
      push('regex', value, start, startLine, col);
      continue;
    }
    if ((c === '$' || c === '#' || c === '%') && IDENT_START.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j])) j++;
      const name = text.slice(i + 1, j);
      advanceTo(j);
      push(c === '$' ? 'variable' : c === '#' ? 'count' : 'reflist', name, start, startLine, col);
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j])) j++;
      advanceTo(j);
      push('ident', text.slice(start, j), start, startLine, col);
      continue;
    }
    if (DIGIT.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9.]/.test(text[j])) j++;
      if (/[smhd]/.test(text[j] ?? '') && !IDENT_PART.test(text[j + 1] ?? '')) {
        advanceTo(j + 1);
        push('duration', text.slice(start, j + 1), start, startLine, col);
      } else {
        advanceTo(j);
        push('number', text.slice(start, j), start, startLine, col);
      }
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '=~' || two === '==') {
      advanceTo(i + 2);
      push('op', two === '==' ? '=' : two, start, startLine, col);
      continue;
    }
    if ('=<>+-*/!'.includes(c)) {
      advanceTo(i + 1);
      push('op', c, start, startLine, col);
      continue;
    }
    if (PUNCT.includes(c)) {
      advanceTo(i + 1);
      push('punct', c, start, startLine, col);
      continue;
    }
    return fail(`unexpected character ${JSON.stringify(c)}`, start);
  }
  eof();
  return { tokens };
}
