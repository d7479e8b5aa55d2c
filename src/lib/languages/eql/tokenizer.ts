/** EQL tokens: identifiers (with `?` optional prefix and `~` suffix), strings, numbers, operators. */
import type { SyntaxProblem } from '../parsing/cursor.ts';

export type EqlTokenType = 'ident' | 'string' | 'number' | 'op' | 'eof';

export interface EqlToken {
  type: EqlTokenType;
  /** Identifier name, string content (escapes resolved), number text or operator. */
  value: string;
  offset: number;
  /** Identifier written with a leading `?` (optional field). */
  optional?: boolean;
  /** Identifier or keyword written with a trailing `~` (case-insensitive form: in~, like~, startsWith~). */
  insensitive?: boolean;
}

export interface TokenizeResult {
  tokens: EqlToken[];
  error?: SyntaxProblem;
}

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', ':', '(', ')', '[', ']', ',', '|', '=', '!', '+', '-', '*', '/', '%'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '0': '\0' };

// `$entry` names the element variable of Elastic Endpoint's `_arraysearch(list, $entry, condition)`.
const isIdentStart = (c: string) => /[A-Za-z_@$]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_@.]/.test(c);

export function tokenizeEql(text: string): TokenizeResult {
  const tokens: EqlToken[] = [];
  let i = 0;
  const fail = (message: string, offset = i): TokenizeResult => ({ tokens, error: { offset, message } });
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return fail('unterminated comment');
      i = end + 2;
      continue;
    }
    const start = i;
    if (text.startsWith('"""', i) || text.startsWith('?"""', i)) {
      const open = text[i] === '?' ? i + 4 : i + 3;
      const first = text.indexOf('"""', open);
      if (first < 0) return fail('unterminated raw string');
      // As in Elasticsearch's grammar, up to two quotes after the closing three belong to the value: """say "hi""""".
      let end = first;
      while (end - first < 2 && text[end + 3] === '"') end++;
      tokens.push({ type: 'string', value: text.slice(open, end), offset: start });
      i = end + 3;
      continue;
    }
    if (c === '"' || c === "'" || (c === '?' && (text[i + 1] === '"' || text[i + 1] === "'"))) {
      const raw = c === '?';
      const quote = raw ? text[i + 1] : c;
      i += raw ? 2 : 1;
      let value = '';
      while (i < text.length && text[i] !== quote) {
        if (text[i] === '\\' && !raw && i + 1 < text.length) {
          const next = text[i + 1];
          value += ESCAPES[next] ?? '\\' + next;
          i += 2;
        } else if (text[i] === '\\' && raw && text[i + 1] === quote) {
          value += '\\' + quote;
          i += 2;
        } else value += text[i++];
      }
      if (i >= text.length) return fail('unterminated string', start);
      i++;
      tokens.push({ type: 'string', value, offset: start });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9.]/.test(text[i])) i++;
      // Durations such as maxspan=5m keep their unit.
      while (i < text.length && /[a-zA-Z]/.test(text[i])) i++;
      tokens.push({ type: 'number', value: text.slice(start, i), offset: start });
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) return fail('unterminated backquoted field');
      tokens.push({ type: 'ident', value: text.slice(i + 1, end), offset: start });
      i = end + 1;
      continue;
    }
    if (isIdentStart(c) || (c === '?' && isIdentStart(text[i + 1] ?? '')) || (c === '?' && text[i + 1] === '`')) {
      const optional = c === '?';
      if (optional) i++;
      if (text[i] === '`') {
        const end = text.indexOf('`', i + 1);
        if (end < 0) return fail('unterminated backquoted field');
        tokens.push({ type: 'ident', value: text.slice(i + 1, end), offset: start, optional });
        i = end + 1;
        continue;
      }
      let name = text[i] === '$' ? text[i++] : '';
      while (i < text.length && (isIdentPart(text[i]) || text[i] === '`')) {
        // A backquoted segment inside a dotted name: target_resources.`0`.display_name
        if (text[i] === '`') {
          const end = text.indexOf('`', i + 1);
          if (end < 0) return fail('unterminated backquoted field');
          name += text.slice(i + 1, end);
          i = end + 1;
        } else name += text[i++];
      }
      // Array index suffix: process.args[0]
      const indexStart = i;
      while (text[i] === '[' && /^\[\d+\]/.test(text.slice(i, i + 8))) i = text.indexOf(']', i) + 1;
      name += text.slice(indexStart, i);
      const insensitive = text[i] === '~';
      if (insensitive) i++;
      tokens.push({ type: 'ident', value: name, offset: start, optional, insensitive });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) return fail(`unexpected character ${JSON.stringify(c)}`);
    tokens.push({ type: 'op', value: op, offset: start });
    i += op.length;
  }
  tokens.push({ type: 'eof', value: '', offset: text.length });
  return { tokens };
}
