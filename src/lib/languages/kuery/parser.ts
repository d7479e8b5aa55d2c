/**
 * Recursive-descent parser for Kuery (Kibana KQL), straight to the condition tree.
 *   or := and ("or" and)* ; and := not ("and" not)* ; not := "not" not | sub
 *   sub := "(" or ")" | field ":" "{" or "}" | field ":" values | field range literal | value
 *   values := "(" valueOr ")" | value ; valueOr / valueAnd / valueNot mirror or / and / not.
 */
import { and, leaf, not, or } from '../../logic/tree.ts';
import type { Condition, Leaf, Value } from '../../logic/types.ts';
import { catchSyntaxError, TokenCursor, type BooleanNodes, type SyntaxProblem } from '../parsing/cursor.ts';
import { lineLocator } from '../parsing/positions.ts';
import { tokenizeKuery, type KueryToken } from './tokenizer.ts';

export interface KueryResult {
  condition?: Condition;
  error?: SyntaxProblem;
}

const RANGE_KINDS = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' } as const;

const CONDITION_NODES: BooleanNodes<Condition | undefined> = { or: (c) => or(...c), and: (c) => and(...c), not };
/** In a value list the alternatives of one field merge into in / wildcard / cidr leaves. */
const VALUE_NODES: BooleanNodes<Condition | undefined> = { ...CONDITION_NODES, or: (c) => mergeAlternatives(or(...c)) };

export function parseKuery(text: string): KueryResult {
  const { tokens, error } = tokenizeKuery(text);
  if (error) return { error };
  if (tokens.length === 1) return {};
  const parsed = catchSyntaxError(() => new KueryParser(tokens, text).parseQuery());
  return parsed.error ? { error: parsed.error } : { condition: parsed.value };
}

/** Typed value of an unquoted literal: numbers and booleans as such, text otherwise. */
function unquotedValue(text: string): Value {
  if (/^-?\d+(\.\d+)?$/.test(text) && !/^0\d/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function isCidr(text: string): boolean {
  const slash = text.lastIndexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) return false;
  const address = text.slice(0, slash);
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address) || (address.includes(':') && /^[0-9a-fA-F:.]+$/.test(address));
}

class KueryParser extends TokenCursor<KueryToken> {
  protected canBeKeyword(t: KueryToken): boolean {
    return t.type === 'word';
  }
  /** Kuery types its punctuation by itself: `(`, `)`, `{`, `}`, `:`. */
  private expect(type: KueryToken['type']): KueryToken {
    if (this.tok.type !== type) throw this.error(`expected "${type}"`);
    return this.next();
  }
  private readonly loc = lineLocator(this.text);

  parseQuery(): Condition | undefined {
    const condition = this.parseOr('');
    this.expectEnd();
    return condition;
  }

  private parseOr(prefix: string): Condition | undefined {
    return this.booleanExpression(() => this.parseSub(prefix), CONDITION_NODES);
  }

  private parseSub(prefix: string): Condition | undefined {
    if (this.tok.type === '(') {
      this.next();
      const inner = this.nested(() => this.parseOr(prefix));
      this.expect(')');
      return inner;
    }
    const first = this.tok;
    if (first.type !== 'word' && first.type !== 'quoted') throw this.error('expected a field or value');
    const after = this.peek();
    if (after.type === ':' || after.type === 'range') {
      this.next();
      this.next();
      const field = prefix + first.value;
      if (after.type === 'range') return this.parseRange(field, after.value as keyof typeof RANGE_KINDS);
      if (this.tok.type === '{') {
        this.next();
        const inner = this.nested(() => this.parseOr(field + '.'));
        this.expect('}');
        return inner;
      }
      if (this.tok.type === 'word' && this.tok.value === '*') {
        this.next();
        return leaf(field, 'is_not_null', [], { loc: this.loc(first.offset) });
      }
      return this.parseValues(field);
    }
    const words = this.readValue();
    // A bare quoted string is a phrase search over every field; bare words are full-text terms.
    return leaf('*', 'keyword', [words.value], { ...(words.quoted && { match: 'phrase' as const }), loc: this.loc(first.offset) });
  }

  private parseRange(field: string, op: keyof typeof RANGE_KINDS): Condition {
    const t = this.tok;
    const v = this.readValue();
    return leaf(field, RANGE_KINDS[op], [v.quoted ? v.value : unquotedValue(v.value)], { loc: this.loc(t.offset) });
  }

  /** One value: a quoted string, or consecutive unquoted words (Kuery allows spaces inside them). */
  private readValue(): { value: string; quoted: boolean; wildcard: boolean } {
    const t = this.tok;
    if (t.type === 'quoted') {
      this.next();
      return { value: t.value, quoted: true, wildcard: false };
    }
    if (t.type !== 'word' || this.isWord('or') || this.isWord('and') || this.isWord('not')) throw this.error('expected a value');
    const words: string[] = [];
    let wildcard = false;
    while (this.tok.type === 'word' && !['or', 'and', 'not'].some((k) => this.isWord(k))) {
      wildcard ||= !!this.tok.wildcard;
      words.push(this.next().value);
    }
    return { value: words.join(' '), quoted: false, wildcard };
  }

  private valueLeaf(field: string): Leaf {
    const t = this.tok;
    const v = this.readValue();
    const loc = this.loc(t.offset);
    if (v.wildcard) return leaf(field, 'wildcard', [v.value], { caseSensitive: true, loc });
    // Kibana matches an ip field against a CIDR block written as its value.
    if (isCidr(v.value)) return leaf(field, 'cidr', [v.value], { loc });
    const value = v.quoted ? v.value : unquotedValue(v.value.replace(/\\\*/g, '*'));
    return leaf(field, 'eq', [value], { ...(typeof value === 'string' ? { caseSensitive: true } : {}), loc });
  }

  /** A value or a parenthesized boolean expression of values: `(a or b and not c)`. */
  private parseValues(field: string): Condition | undefined {
    if (this.tok.type !== '(') return this.valueLeaf(field);
    this.next();
    const inner = this.nested(() => this.booleanExpression(() => this.parseValues(field), VALUE_NODES));
    this.expect(')');
    return inner;
  }
}

/** `field:(a or b or c*)`: the exact values become one `in` leaf, the patterns one `wildcard` leaf, CIDR blocks one `cidr` leaf. */
export function mergeAlternatives(c: Condition | undefined): Condition | undefined {
  if (!c || c.type !== 'or') return c;
  const merged: Condition[] = [];
  const groups = new Map<string, Leaf>();
  for (const child of c.children) {
    const mergeable = child.type === 'leaf' && ['eq', 'in', 'wildcard', 'cidr'].includes(child.kind);
    if (!mergeable) {
      merged.push(child);
      continue;
    }
    const kind = child.kind === 'wildcard' || child.kind === 'cidr' ? child.kind : 'in';
    const key = `${child.field}\u0000${kind}\u0000${!!child.caseSensitive}`;
    const group = groups.get(key);
    if (group) group.values.push(...child.values);
    else {
      const copy: Leaf = { ...child, kind, values: [...child.values] };
      if (!copy.caseSensitive) delete copy.caseSensitive;
      groups.set(key, copy);
      merged.push(copy);
    }
  }
  for (const g of groups.values()) if (g.kind === 'in' && g.values.length === 1) g.kind = 'eq';
  return or(...merged);
}
