/**
 * Lucene query-string syntax → condition tree: tokenizer plus recursive descent.
 *   or := and ((OR | "||") and)* ; and := not ((AND | "&&")? not)* ; not := (NOT | "!" | "-") not | "+"? term
 *   term := "(" or ")" | field ":" values | value ; values := "(" valueOr ")" | value | range
 * Juxtaposed terms are joined with AND (how detection rules read them). Lower-case and/or/not count as
 * operators, as the rules' authors mean them.
 */
import { and, leaf, not, or } from '../../logic/tree.ts';
import type { Condition, Value } from '../../logic/types.ts';
import { mergeAlternatives } from '../kuery/parser.ts';

type TokenType = '(' | ')' | ':' | 'and' | 'or' | 'not' | 'plus' | 'range' | 'quoted' | 'regex' | 'word' | 'eof';
interface Token {
  type: TokenType;
  value: string;
  offset: number;
}

export interface LuceneResult {
  condition?: Condition;
  error?: { offset: number; message: string };
}

const STOP = /[\s():"]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (/\s/.test(c)) i++;
    else if (c === '(' || c === ')' || c === ':') tokens.push({ type: c, value: c, offset: i++ });
    else if (text.startsWith('&&', i) || text.startsWith('||', i)) {
      tokens.push({ type: c === '&' ? 'and' : 'or', value: text.slice(i, i + 2), offset: i });
      i += 2;
    } else if ((c === '!' || c === '-') && i + 1 < text.length && !/\s/.test(text[i + 1])) tokens.push({ type: 'not', value: c, offset: i++ });
    else if (c === '+') tokens.push({ type: 'plus', value: c, offset: i++ });
    else if (c === '"' || c === '/') {
      i++;
      let value = '';
      while (i < text.length && text[i] !== c) {
        const escaped = text[i] === '\\' && text[i + 1] === c;
        value += escaped ? c : text[i];
        i += escaped ? 2 : 1;
      }
      i++;
      tokens.push({ type: c === '"' ? 'quoted' : 'regex', value, offset: start });
    } else if (c === '[' || c === '{') {
      const end = text.slice(i).search(/[\]}]/);
      const close = end < 0 ? text.length : i + end + 1;
      tokens.push({ type: 'range', value: text.slice(i, close), offset: start });
      i = close;
    } else {
      let value = '';
      while (i < text.length && !STOP.test(text[i])) {
        const escaped = text[i] === '\\' && i + 1 < text.length;
        value += escaped ? text[i + 1] : text[i];
        i += escaped ? 2 : 1;
      }
      const word = value.toLowerCase();
      const type = word === 'and' || word === 'or' || word === 'not' ? word : 'word';
      tokens.push({ type, value, offset: start });
    }
  }
  tokens.push({ type: 'eof', value: '', offset: text.length });
  return tokens;
}

function typed(text: string): Value {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

export function parseLucene(text: string): LuceneResult {
  const tokens = tokenize(text);
  let pos = 0;
  const tok = () => tokens[pos];
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { offset: tok().offset });
  };
  const startsTerm = () => !['eof', ')', 'or', 'and'].includes(tok().type);

  function parseOr(field?: string): Condition | undefined {
    const children = [parseAnd(field)];
    while (tok().type === 'or') (pos++, children.push(parseAnd(field)));
    return or(...children);
  }
  function parseAnd(field?: string): Condition | undefined {
    const children = [parseNot(field)];
    for (;;) {
      if (tok().type === 'and') pos++;
      else if (!startsTerm()) break;
      children.push(parseNot(field));
    }
    return and(...children);
  }
  function parseNot(field?: string): Condition | undefined {
    if (tok().type === 'not') return (pos++, not(parseNot(field)));
    if (tok().type === 'plus') pos++;
    return field ? parseValues(field) : parseTerm();
  }
  function parseTerm(): Condition | undefined {
    const t = tok();
    if (t.type === '(') {
      pos++;
      const inner = parseOr();
      if (tok().type !== ')') fail('expected ")"');
      pos++;
      return inner;
    }
    if (t.type === 'word' && tokens[pos + 1].type === ':') {
      pos += 2;
      if (t.value === '_exists_') return leaf(tokens[pos++].value, 'is_not_null');
      if (tok().type === 'word' && tok().value === '*') {
        pos++;
        return leaf(t.value, 'is_not_null');
      }
      return parseValues(t.value);
    }
    return valueLeaf('*', true);
  }
  function parseValues(field: string): Condition | undefined {
    if (tok().type !== '(') return valueLeaf(field, false);
    pos++;
    const inner = mergeAlternatives(parseOr(field));
    if (tok().type !== ')') fail('expected ")"');
    pos++;
    return inner;
  }
  function valueLeaf(field: string, bare: boolean): Condition | undefined {
    const t = tokens[pos++];
    if (bare && (t.type === 'word' || t.type === 'quoted')) return leaf('*', 'keyword', [t.value]);
    switch (t.type) {
      case 'quoted':
        return leaf(field, 'eq', [t.value]);
      case 'regex':
        return leaf(field, 'regex', [t.value]);
      case 'range': {
        const [low, high] = t.value.slice(1, -1).split(/\s+TO\s+/);
        const lowKind = t.value[0] === '[' ? 'gte' : 'gt';
        const highKind = t.value.endsWith(']') ? 'lte' : 'lt';
        return and(low && low !== '*' ? leaf(field, lowKind, [typed(low)]) : undefined, high && high !== '*' ? leaf(field, highKind, [typed(high)]) : undefined);
      }
      case 'word': {
        const m = /^(>=|<=|>|<)(.+)$/.exec(t.value);
        if (m) return leaf(field, ({ '>=': 'gte', '<=': 'lte', '>': 'gt', '<': 'lt' } as const)[m[1] as '>'], [typed(m[2])]);
        if (/[*?]/.test(t.value)) return leaf(field, 'wildcard', [t.value]);
        return leaf(field, 'eq', [typed(t.value)]);
      }
    }
    pos--;
    return fail('expected a value');
  }

  if (tokens.length === 1) return {};
  try {
    const condition = parseOr();
    if (tok().type !== 'eof') fail('expected end of query');
    return { condition };
  } catch (e) {
    return { error: { offset: (e as { offset?: number }).offset ?? 0, message: (e as Error).message } };
  }
}
