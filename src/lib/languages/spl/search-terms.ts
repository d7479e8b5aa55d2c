/**
 * Parser for the search language: the base search, `| search` and the `where` clause of tstats.
 *
 *   conjunction := disjunction ( [AND] disjunction )*      implicit AND between terms
 *   disjunction := unary ( OR unary )*                      OR binds tighter than AND in SPL searches
 *   unary       := NOT unary | primary
 *   primary     := ( conjunction ) | [ subsearch ] | field op value | field IN ( values ) | term
 *
 * Values follow Splunk's search semantics: case-insensitive, `*` wildcards. Convention for wildcards:
 * `*x*` is contains, `x*` startswith, `*x` endswith, a lone `*` is_not_null, any other `*` keeps the whole
 * pattern as kind wildcard. Unquoted numbers (4688, 0.5) become numbers.
 */
import { leaf } from '../../logic/tree.ts';
import type { LeafKind, Value } from '../../logic/types.ts';
import { parseBoolean } from '../parsing/boolean.ts';
import type { SyntaxProblem } from '../parsing/cursor.ts';
import { SplCursor } from './cursor.ts';
import { exprAnd, exprOr, stamp, TRUE, type Expr, type Locate } from './expr.ts';
import { isKeyword, type Token } from './tokens.ts';

/** Search-time options that restrict time or tune the search, not the events' content. */
const SEARCH_OPTIONS = new Set([
  'earliest',
  'latest',
  'starthoursago',
  'endhoursago',
  'startdaysago',
  'enddaysago',
  'startminutesago',
  'endminutesago',
  'starttime',
  'endtime',
  'timeformat',
  '_index_earliest',
  '_index_latest',
  'searchtimespanhours',
  'searchtimespandays',
]);

const COMPARISONS: Record<string, LeafKind> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

export interface SearchValue {
  text: string;
  quoted: boolean;
}

export function isNumberText(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text);
}

function plainValue(v: SearchValue): Value {
  return !v.quoted && isNumberText(v.text) ? Number(v.text) : v.text;
}

/** An IPv4 or IPv6 network in CIDR notation (10.0.0.0/8, fe80::/10). */
export function isCidrText(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text) || /^[0-9a-f]*:[0-9a-f:.]*\/\d{1,3}$/i.test(text);
}

/** How a search value matches, by the position of its wildcards; the search command matches `ip=10.0.0.0/8` as CIDR. */
export function wildcardKind(text: string): { kind: LeafKind; value: string } {
  if (/^\*+$/.test(text)) return { kind: 'is_not_null', value: '' };
  if (isCidrText(text)) return { kind: 'cidr', value: text };
  const inner = text.replace(/^\*/, '').replace(/\*$/, '');
  if (!text.includes('*')) return { kind: 'eq', value: text };
  if (inner.includes('*') || inner === '') return { kind: 'wildcard', value: text };
  if (text.startsWith('*') && text.endsWith('*')) return { kind: 'contains', value: inner };
  return text.endsWith('*') ? { kind: 'startswith', value: inner } : { kind: 'endswith', value: inner };
}

/** `field=v` or `field IN (v1, v2, ...)`: one leaf per kind of match, in first-seen order, or-ed together. */
export function matchAny(field: string, values: SearchValue[]): Expr {
  const groups = new Map<LeafKind, Value[]>();
  for (const v of values) {
    const { kind, value } = wildcardKind(v.text);
    if (kind === 'is_not_null') return { t: 'leaf', leaf: leaf(field, 'is_not_null') };
    const list = groups.get(kind) ?? [];
    list.push(kind === 'eq' ? plainValue({ text: value, quoted: v.quoted }) : value);
    groups.set(kind, list);
  }
  const items: Expr[] = [...groups.entries()].map(([kind, vals]) => ({
    t: 'leaf',
    leaf: leaf(field, kind === 'eq' && vals.length > 1 ? 'in' : kind, vals),
  }));
  return exprOr(items);
}

function comparison(field: string, op: string, value: SearchValue): Expr {
  if (op === '=' || op === '==') return matchAny(field, [value]);
  if (op === '!=') {
    const { kind, value: v } = wildcardKind(value.text);
    if (kind === 'is_not_null') return { t: 'leaf', leaf: leaf(field, 'is_null') };
    if (kind === 'eq') return { t: 'leaf', leaf: leaf(field, 'ne', [plainValue({ text: v, quoted: value.quoted })]) };
    return { t: 'not', item: { t: 'leaf', leaf: leaf(field, kind, [v]) } };
  }
  const kind = COMPARISONS[op];
  return { t: 'leaf', leaf: leaf(field, kind, [plainValue(value)]) };
}

export interface SearchParseOptions {
  /** Stops before a token (tstats stops its where clause at `by`). */
  stopAt?: (t: Token) => boolean;
  /** Locates leaves in the rule file. */
  locate?: Locate;
}

export class SearchParser extends SplCursor {
  constructor(
    tokens: Token[],
    private readonly options: SearchParseOptions = {},
  ) {
    super(tokens);
  }

  private stopped(): boolean {
    const t = this.tok;
    return t.type === 'eof' || t.type === 'rparen' || t.type === 'pipe' || (this.options.stopAt?.(t) ?? false);
  }

  /** Explicit ANDs are optional: skips them and says whether another term follows. */
  private joinsAnd(): boolean {
    while (this.takeKeyword('AND'));
    return !this.stopped();
  }

  /** Parses terms until the end, a closing parenthesis or the stop token. */
  parseConjunction(): Expr {
    if (!this.joinsAnd()) return TRUE;
    return parseBoolean<Expr>({
      levels: [
        { joins: () => this.joinsAnd(), build: exprAnd },
        { joins: () => this.takeKeyword('OR') && !this.stopped(), build: exprOr },
      ],
      negates: () => this.takeKeyword('NOT'),
      not: (item) => (item.t === 'true' ? TRUE : { t: 'not', item }),
      operand: () => this.parsePrimary(),
      nested: (parse) => this.nested(parse),
      mark: () => this.tok.offset,
    });
  }

  /** The whole search; what follows a stray closing parenthesis is read on. */
  parseAll(): Expr {
    let expr = this.parseConjunction();
    while (!this.atEnd() && !this.options.stopAt?.(this.tok)) {
      this.problem(`unexpected ${this.tok.raw}`);
      this.next();
      expr = exprAnd([expr, this.parseConjunction()]);
    }
    return expr;
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    if (this.stopped()) {
      this.problem('search ends early');
      return TRUE;
    }
    return stamp(this.parseTerm(t), this.options.locate?.(t.offset));
  }

  private parseTerm(t: Token): Expr {
    if (t.type === 'lparen') {
      this.next();
      const inner = this.nested(() => this.parseConjunction());
      this.expect('rparen', 'closing parenthesis');
      return inner;
    }
    if (t.type === 'lbracket') {
      this.skipGroup('lbracket', 'rbracket');
      return { t: 'unsupported', reason: 'subsearch', fields: [] };
    }
    const next = this.peek(1);
    // security_content sometimes quotes field names: "result.status" IN (...), "result.message"="x".
    const named = t.type === 'word' || t.type === 'field' || t.type === 'string';
    if (named && next?.type === 'op') return this.parseComparison();
    if (named && isKeyword(next, 'IN', true) && this.is('lparen', 2)) return this.parseIn();
    if (t.type === 'word' && (t.value === 'TERM' || t.value === 'CASE') && next?.type === 'lparen') {
      this.next();
      const inner = this.skipGroup('lparen', 'rparen');
      return keyword(inner.map((x) => x.value).join(' '), t.value === 'CASE');
    }
    this.next();
    if (t.type === 'word' || t.type === 'string' || t.type === 'field') return t.value === '*' ? TRUE : keyword(t.value);
    if (t.type === 'comma') return TRUE;
    this.problem(`unexpected ${t.raw}`, t);
    return TRUE;
  }

  private parseComparison(): Expr {
    const field = this.next().value;
    const op = this.next().value;
    const v = this.tok;
    let value: SearchValue = { text: '', quoted: false };
    if (v && (v.type === 'word' || v.type === 'string' || v.type === 'field') && !isKeyword(v, 'OR') && !isKeyword(v, 'AND')) {
      this.next();
      value = { text: v.value, quoted: v.type !== 'word' };
      // `_time>=relative_time(now(), "-1h")`: the search command evaluates no functions; no leaf can say it.
      const call = this.tok;
      // (Tokens spliced from a macro all carry the call's offset: adjacency is only known outside macros.)
      if (v.type === 'word' && call?.type === 'lparen' && !v.macro && !call.macro && call.offset === v.offset + v.raw.length) {
        this.skipGroup('lparen', 'rparen');
        return { t: 'unsupported', reason: `unsupported expression: ${v.value}() in a search`, fields: [field] };
      }
    }
    if (op === '!') {
      this.problem('unexpected !');
      return TRUE;
    }
    if (SEARCH_OPTIONS.has(field.toLowerCase())) return TRUE;
    return comparison(field, op, value);
  }

  private parseIn(): Expr {
    const field = this.next().value;
    this.next(); // IN
    const inner = this.skipGroup('lparen', 'rparen');
    const values: SearchValue[] = inner
      .filter((x) => x.type !== 'comma')
      .map((x) => ({ text: x.value, quoted: x.type !== 'word' }));
    if (values.length === 0) return TRUE;
    return matchAny(field, values);
  }
}

function keyword(text: string, caseSensitive = false): Expr {
  return { t: 'leaf', leaf: leaf('*', 'keyword', [text], caseSensitive ? { caseSensitive } : {}) };
}

/** Parses a whole search expression. */
export function parseSearchTerms(tokens: Token[], options: SearchParseOptions = {}): { expr: Expr; problems: SyntaxProblem[] } {
  const parser = new SearchParser(tokens, options);
  return { expr: parser.parseAll(), problems: parser.problems };
}
