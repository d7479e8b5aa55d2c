/** ES|QL tokens. Source commands (`from`) are read raw by the parser, so index patterns need no token form. */
import type { SyntaxProblem } from '../parsing/cursor.ts';

export type EsqlTokenType = 'ident' | 'string' | 'number' | 'op' | 'pipe' | 'eof';

export interface EsqlToken {
  type: EsqlTokenType;
  value: string;
  offset: number;
  /** Identifier written in backquotes (never a keyword). */
  quoted?: boolean;
}

const OPERATORS = ['==', '!=', '<=', '>=', '=~', '::', '<', '>', '=', '(', ')', '[', ']', '{', '}', ',', '+', '-', '*', '/', '%', ':', '.'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

export function tokenizeEsql(text: string): { tokens: EsqlToken[]; error?: SyntaxProblem } {
  const tokens: EsqlToken[] = [];
  let i = 0;
  const fail = (message: string, offset: number) => ({ tokens, error: { offset, message } });
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return fail('unterminated comment', i);
      i = end + 2;
    } else if (c === '|') {
      tokens.push({ type: 'pipe', value: '|', offset: i++ });
    } else if (text.startsWith('"""', i)) {
      const end = text.indexOf('"""', i + 3);
      if (end < 0) return fail('unterminated string', i);
      tokens.push({ type: 'string', value: text.slice(i + 3, end), offset: start });
      i = end + 3;
    } else if (c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          value += ESCAPES[text[i + 1]] ?? '\\' + text[i + 1];
          i += 2;
        } else value += text[i++];
      }
      if (i >= text.length) return fail('unterminated string', start);
      i++;
      tokens.push({ type: 'string', value, offset: start });
    } else if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9.]/.test(text[i])) i++;
      if (/[eE]/.test(text[i] ?? '') && /[-+0-9]/.test(text[i + 1] ?? '')) {
        i += 2;
        while (/[0-9]/.test(text[i] ?? '')) i++;
      }
      tokens.push({ type: 'number', value: text.slice(start, i), offset: start });
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) return fail('unterminated quoted identifier', i);
      tokens.push({ type: 'ident', value: text.slice(i + 1, end), offset: start, quoted: true });
      i = end + 1;
    } else if (/[A-Za-z_@?]/.test(c)) {
      // Dotted names (process.name), keep patterns (Esql.*) and ?params stay one identifier.
      i++;
      while (i < text.length) {
        if (/[A-Za-z0-9_@]/.test(text[i])) i++;
        else if (text[i] === '.' && /[A-Za-z0-9_@*`]/.test(text[i + 1] ?? '')) i++;
        else if (text[i] === '*' && text[i - 1] === '.') i++;
        else if (text[i] === '`') {
          const end = text.indexOf('`', i + 1);
          if (end < 0) return fail('unterminated quoted identifier', i);
          i = end + 1;
        } else break;
      }
      tokens.push({ type: 'ident', value: text.slice(start, i).replace(/`/g, ''), offset: start });
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) return fail(`unexpected character ${JSON.stringify(c)}`, i);
      tokens.push({ type: 'op', value: op, offset: start });
      i += op.length;
    }
  }
  tokens.push({ type: 'eof', value: '', offset: text.length });
  return { tokens };
}
