/** Kuery (Kibana KQL) tokens: punctuation, range operators, quoted strings and unquoted words. */
import type { SyntaxProblem } from '../parsing/cursor.ts';

export type KueryTokenType = '(' | ')' | '{' | '}' | ':' | 'range' | 'quoted' | 'word' | 'eof';

export interface KueryToken {
  type: KueryTokenType;
  /** Unescaped text of a word or quoted string; the operator of a range. */
  value: string;
  offset: number;
  /** A word holding an unescaped `*` (a wildcard pattern). */
  wildcard?: boolean;
}

const PUNCTUATION = new Set(['(', ')', '{', '}', ':']);
const WORD_STOP = /[\s():<>"{}]/;

export function tokenizeKuery(text: string): { tokens: KueryToken[]; error?: SyntaxProblem } {
  const tokens: KueryToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ type: c as KueryTokenType, value: c, offset: i++ });
    } else if (c === '<' || c === '>') {
      const op = text[i + 1] === '=' ? c + '=' : c;
      tokens.push({ type: 'range', value: op, offset: i });
      i += op.length;
    } else if (c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          const next = text[i + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
          i += 2;
        } else value += text[i++];
      }
      if (i >= text.length) return { tokens, error: { offset: start, message: 'unterminated quoted string' } };
      i++;
      tokens.push({ type: 'quoted', value, offset: start });
    } else {
      let value = '';
      let wildcard = false;
      while (i < text.length && !WORD_STOP.test(text[i])) {
        if (text[i] === '\\' && i + 1 < text.length) {
          // An escaped star stays escaped so a wildcard value can still tell it apart.
          value += text[i + 1] === '*' ? '\\*' : text[i + 1];
          i += 2;
          continue;
        }
        if (text[i] === '*') wildcard = true;
        value += text[i++];
      }
      tokens.push({ type: 'word', value, offset: start, wildcard });
    }
  }
  tokens.push({ type: 'eof', value: '', offset: text.length });
  return { tokens };
}
