/**
 * Parser for eval expressions as `| where` uses them, and their translation into filter expressions.
 *
 *   or     := and ( OR and )*          keywords are case-insensitive here
 *   and    := unary ( AND unary )*
 *   unary  := NOT unary | compare
 *   compare:= operand ( (= == != < <= > >=) operand | LIKE operand | IN ( operands ) )?
 *   operand:= ( or ) | "string" | number | field | 'field' | name ( arguments )
 *
 * Comparisons in where are case-sensitive (==, like(), match(), in()), unless a side is wrapped in lower()
 * or upper(). like() patterns use % and _; they become contains/startswith/endswith/eq when the only
 * wildcards are % at the ends, else kind wildcard with `*` for % and `?` for _.
 */
import { leaf } from '../../logic/tree.ts';
import type { LeafKind, Value } from '../../logic/types.ts';
import { parseBoolean, type BooleanLevel } from '../parsing/boolean.ts';
import type { SyntaxProblem } from '../parsing/cursor.ts';
import { checkBudget } from '../parsing/limits.ts';
import { SplCursor } from './cursor.ts';
import { exprAnd, exprOr, stamp, TRUE, type Expr, type Locate } from './expr.ts';
import { isNumberText, parseSearchTerms } from './search-terms.ts';
import { isKeyword, tokenize, tokensText, type Token } from './tokens.ts';

export type EvalNode =
  | { k: 'field'; name: string }
  | { k: 'lit'; value: Value }
  | { k: 'call'; name: string; args: EvalNode[]; offset?: number }
  /** `text`: the comparison as written, for reasons that name it. */
  | { k: 'cmp'; op: string; left: EvalNode; right: EvalNode; offset?: number; text?: string }
  | { k: 'in'; left: EvalNode; list: EvalNode[]; offset?: number }
  | { k: 'and' | 'or'; items: EvalNode[] }
  | { k: 'not'; item: EvalNode }
  | { k: 'bad'; text: string };

const ARITHMETIC = '+-*/%.';
const COMPARE_OPS = new Set(['=', '==', '!=', '<', '<=', '>', '>=']);

function isFieldName(text: string): boolean {
  return /^[A-Za-z_@][\w.{}@:]*$/.test(text);
}

/**
 * A word of the expression: a number, a field, or arithmetic written without spaces (`avg+stdev*3` is one word
 * to the tokenizer); what is none of these cannot be read.
 */
function wordNode(text: string): EvalNode {
  if (isNumberText(text)) return { k: 'lit', value: Number(text) };
  if (isFieldName(text)) return { k: 'field', name: text };
  const parts = text.split(/[-+*/%]/);
  if (parts.length > 1 && parts.every((p) => isNumberText(p) || isFieldName(p))) {
    return { k: 'call', name: 'arithmetic', args: parts.map((p) => (isNumberText(p) ? { k: 'lit', value: Number(p) } : { k: 'field', name: p })) };
  }
  return { k: 'bad', text };
}

function chain(k: 'and' | 'or', joins: (items: EvalNode[]) => boolean): BooleanLevel<EvalNode> {
  return { joins, build: (items) => (items.length === 1 ? items[0] : { k, items }) };
}

export class EvalParser extends SplCursor {
  /** `XOR` joins like `OR` and adds a marker: no filter says "exactly one of". */
  private joinsOr(items: EvalNode[]): boolean {
    if (!this.takeKeyword('XOR', true)) return this.takeKeyword('OR', true);
    items.push({ k: 'bad', text: 'xor' });
    return true;
  }

  parseOr(): EvalNode {
    return parseBoolean<EvalNode>({
      levels: [chain('or', (items) => this.joinsOr(items)), chain('and', () => this.takeKeyword('AND', true))],
      negates: () => this.takeKeyword('NOT', true) || this.takeOp('!'),
      not: (item) => ({ k: 'not', item }),
      operand: () => this.parseCompare(),
      nested: (parse) => this.nested(parse),
      mark: () => this.tok.offset,
    });
  }

  /** The whole expression: what is left after it is a problem. */
  parseAll(): EvalNode {
    const node = this.parseOr();
    if (!this.atEnd()) this.problem(`unexpected ${this.tok.raw}`);
    return node;
  }

  private parseCompare(): EvalNode {
    const offset = this.tok.offset;
    const start = this.pos;
    const left = this.parseOperand();
    const t = this.tok;
    if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
      this.next();
      const right = this.parseOperand();
      return { k: 'cmp', op: t.value === '==' ? '=' : t.value, left, right, offset, text: tokensText(this.tokens.slice(start, this.pos)) };
    }
    if (isKeyword(t, 'LIKE', true)) {
      this.next();
      return { k: 'call', name: 'like', args: [left, this.parseOperand()], offset };
    }
    if (isKeyword(t, 'IN', true) && this.is('lparen', 1)) {
      this.next();
      return { k: 'in', left, list: this.parseArguments(), offset };
    }
    return left;
  }

  private parseArguments(): EvalNode[] {
    this.expect('lparen', '(');
    const args: EvalNode[] = [];
    while (!this.atEnd() && !this.is('rparen')) {
      checkBudget();
      const before = this.pos;
      args.push(this.parseOr());
      if (!this.accept('comma') && !this.is('rparen')) {
        this.problem(`unexpected ${this.shown()} in arguments`);
        if (this.pos === before) this.next();
        else break;
      }
    }
    this.expect('rparen', 'closing parenthesis');
    return args;
  }

  /** An operand, then any arithmetic or concatenation (+ - * / % .), which no leaf can express. */
  private parseOperand(): EvalNode {
    const first = this.parseTerm();
    const parts = [first];
    for (let t = this.tok; t.type === 'word' && ARITHMETIC.includes(t.value[0]); t = this.tok) {
      this.next();
      const rest = t.value.replace(/^[-+*/%.]+/, '');
      parts.push(rest ? wordNode(rest) : this.parseTerm());
    }
    return parts.length === 1 ? first : { k: 'call', name: 'arithmetic', args: parts };
  }

  private parseTerm(): EvalNode {
    const t = this.tok;
    if (t.type === 'eof') {
      this.problem('expression ends early');
      return { k: 'bad', text: '' };
    }
    if (t.type === 'lparen') {
      this.next();
      const inner = this.nested(() => this.parseOr());
      this.expect('rparen', 'closing parenthesis');
      return inner;
    }
    if (t.type === 'string') {
      this.next();
      return { k: 'lit', value: t.value };
    }
    if (t.type === 'field') {
      this.next();
      return { k: 'field', name: t.value };
    }
    if (t.type === 'word') {
      this.next();
      if (this.is('lparen')) {
        // `time/pow(10, 3)` is one word before the parenthesis: arithmetic whose last operand is the call.
        const at = t.value.search(/[-+*/%][A-Za-z_]\w*$/);
        const called: EvalNode = { k: 'call', name: t.value.slice(at + 1).toLowerCase(), args: this.nested(() => this.parseArguments()), offset: t.offset };
        if (at <= 0) return at < 0 ? called : { k: 'bad', text: t.value };
        const head = wordNode(t.value.slice(0, at));
        if (head.k === 'bad') return head;
        return { k: 'call', name: 'arithmetic', args: [...(head.k === 'call' && head.name === 'arithmetic' ? head.args : [head]), called] };
      }
      return wordNode(t.value);
    }
    this.problem(`unexpected ${t.raw}`, t);
    this.next();
    return { k: 'bad', text: t.raw };
  }
}

export function parseEval(tokens: Token[]): { node: EvalNode; problems: SyntaxProblem[] } {
  const parser = new EvalParser(tokens);
  return { node: parser.parseAll(), problems: parser.problems };
}

/** The functions an eval node calls, as SPL reads them (lower-cased); `arithmetic` for + - * / % and `.`. */
export function evalFunctions(n: EvalNode): string[] {
  switch (n.k) {
    case 'call':
      return [n.name, ...n.args.flatMap(evalFunctions)];
    case 'cmp':
      return [...evalFunctions(n.left), ...evalFunctions(n.right)];
    case 'in':
      return ['in', ...evalFunctions(n.left), ...n.list.flatMap(evalFunctions)];
    case 'and':
    case 'or':
      return n.items.flatMap(evalFunctions);
    case 'not':
      return evalFunctions(n.item);
    default:
      return [];
  }
}

/** True when part of the node could not be read (`len-1` is one word to the tokenizer). */
export function evalUnread(n: EvalNode): boolean {
  switch (n.k) {
    case 'bad':
      return true;
    case 'call':
      return n.args.some(evalUnread);
    case 'cmp':
      return evalUnread(n.left) || evalUnread(n.right);
    case 'in':
      return evalUnread(n.left) || n.list.some(evalUnread);
    case 'and':
    case 'or':
      return n.items.some(evalUnread);
    case 'not':
      return evalUnread(n.item);
    default:
      return false;
  }
}

/** Fields an eval node reads. */
export function evalFields(n: EvalNode): string[] {
  switch (n.k) {
    case 'field':
      return [n.name];
    case 'call':
      return n.args.flatMap(evalFields);
    case 'cmp':
      return [...evalFields(n.left), ...evalFields(n.right)];
    case 'in':
      return [...evalFields(n.left), ...n.list.flatMap(evalFields)];
    case 'and':
    case 'or':
      return n.items.flatMap(evalFields);
    case 'not':
      return evalFields(n.item);
    default:
      return [];
  }
}

/** A field, or a field inside lower()/upper() (which makes the comparison case-insensitive). */
function fieldOf(n: EvalNode): { field: string; folded: boolean } | undefined {
  if (n.k === 'field') return { field: n.name, folded: false };
  if (n.k === 'call' && (n.name === 'lower' || n.name === 'upper') && n.args.length === 1 && n.args[0].k === 'field') {
    return { field: n.args[0].name, folded: true };
  }
  return undefined;
}

function unsupported(reason: string, n: EvalNode): Expr {
  return { t: 'unsupported', reason, fields: evalFields(n) };
}

function caseFlag(folded: boolean, values: Value[]): { caseSensitive?: boolean } {
  return !folded && values.some((v) => typeof v === 'string') ? { caseSensitive: true } : {};
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const CMP_KINDS: Record<string, LeafKind> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

function comparison(n: Extract<EvalNode, { k: 'cmp' }>): Expr {
  let { left, right, op } = n;
  if (left.k === 'lit' && right.k !== 'lit') {
    [left, right] = [right, left];
    op = FLIP[op] ?? op;
  }
  const f = fieldOf(left);
  if (f && right.k === 'call' && right.name === 'null' && (op === '=' || op === '!=')) {
    return { t: 'leaf', leaf: leaf(f.field, op === '=' ? 'is_null' : 'is_not_null') };
  }
  if (!f && left.k === 'call') return unsupported(left.name === 'arithmetic' ? 'unsupported expression: arithmetic' : `unsupported function: ${left.name}`, n);
  const other = fieldOf(right);
  if (f && other) {
    // Two fields of the event: lower()/upper() on either side makes the comparison case-insensitive.
    const folded = f.folded || other.folded;
    return { t: 'leaf', leaf: leaf(f.field, CMP_KINDS[op], [], { otherField: other.field, ...(!folded && { caseSensitive: true }) }) };
  }
  if (!f || right.k !== 'lit') return unsupported(right.k === 'field' ? `field comparison: ${n.text}` : 'unsupported expression', n);
  if (right.value === null) return { t: 'leaf', leaf: leaf(f.field, op === '!=' ? 'is_not_null' : 'is_null') };
  return { t: 'leaf', leaf: leaf(f.field, CMP_KINDS[op], [right.value], caseFlag(f.folded, [right.value])) };
}

/** A like() pattern as a leaf kind and value. */
export function likeKind(pattern: string): { kind: LeafKind; value: string } {
  const inner = pattern.replace(/^%/, '').replace(/%$/, '');
  if (!pattern.includes('%') && !pattern.includes('_')) return { kind: 'eq', value: pattern };
  if (inner.includes('%') || inner.includes('_') || inner === '') {
    return { kind: 'wildcard', value: pattern.replaceAll('%', '*').replaceAll('_', '?') };
  }
  if (pattern.startsWith('%') && pattern.endsWith('%')) return { kind: 'contains', value: inner };
  return pattern.endsWith('%') ? { kind: 'startswith', value: inner } : { kind: 'endswith', value: inner };
}

function call(n: Extract<EvalNode, { k: 'call' }>, locate?: Locate): Expr {
  const [a, b] = n.args;
  const lit = (x: EvalNode | undefined) => (x?.k === 'lit' && typeof x.value === 'string' ? x.value : undefined);
  switch (n.name) {
    case 'like': {
      const f = a && fieldOf(a);
      const pattern = lit(b);
      if (!f || pattern === undefined) return unsupported('unsupported expression: like', n);
      const { kind, value } = likeKind(pattern);
      return { t: 'leaf', leaf: leaf(f.field, kind, [value], caseFlag(f.folded, [value])) };
    }
    case 'match': {
      const f = a && fieldOf(a);
      const regex = lit(b);
      if (!f || regex === undefined) return unsupported('unsupported expression: match', n);
      const insensitive = f.folded || regex.startsWith('(?i)');
      return { t: 'leaf', leaf: leaf(f.field, 'regex', [regex], insensitive ? {} : { caseSensitive: true }) };
    }
    case 'cidrmatch': {
      const f = b && fieldOf(b);
      const cidr = lit(a);
      if (!f || cidr === undefined) return unsupported('unsupported expression: cidrmatch', n);
      return { t: 'leaf', leaf: leaf(f.field, 'cidr', [cidr]) };
    }
    case 'in':
      return a ? inList(a, n.args.slice(1), n) : unsupported('unsupported expression: in', n);
    case 'isnull':
    case 'isnotnull': {
      const f = a && fieldOf(a);
      if (!f) return unsupported(`unsupported expression: ${n.name}`, n);
      return { t: 'leaf', leaf: leaf(f.field, n.name === 'isnull' ? 'is_null' : 'is_not_null') };
    }
    case 'searchmatch': {
      const text = lit(a);
      if (text === undefined) return unsupported('unsupported expression: searchmatch', n);
      const inner = tokenize(text).tokens.map((t) => ({ ...t, offset: n.offset ?? 0 }));
      return parseSearchTerms(inner, { locate }).expr;
    }
    case 'true':
      return TRUE;
    case 'arithmetic':
      return unsupported('unsupported expression: arithmetic', n);
    default:
      return unsupported(`unsupported function: ${n.name}`, n);
  }
}

function inList(left: EvalNode, list: EvalNode[], n: EvalNode): Expr {
  const f = fieldOf(left);
  if (!f || list.some((x) => x.k !== 'lit')) return unsupported(list.some((x) => x.k === 'field') ? 'field comparison' : 'unsupported expression: in', n);
  const values = list.map((x) => (x as { value: Value }).value);
  return { t: 'leaf', leaf: leaf(f.field, values.length === 1 ? 'eq' : 'in', values, caseFlag(f.folded, values)) };
}

/** Translates an eval expression used as a filter; `locate` places its leaves in the rule file. */
export function evalToExpr(n: EvalNode, locate?: Locate): Expr {
  const at = (e: Expr, offset: number | undefined) => (offset === undefined ? e : stamp(e, locate?.(offset)));
  switch (n.k) {
    case 'and':
      return exprAnd(n.items.map((x) => evalToExpr(x, locate)));
    case 'or':
      return exprOr(n.items.map((x) => evalToExpr(x, locate)));
    case 'not': {
      const item = evalToExpr(n.item, locate);
      return item.t === 'true' ? unsupported('unsupported expression: not true', n) : { t: 'not', item };
    }
    case 'cmp':
      return at(comparison(n), n.offset);
    case 'in':
      return at(inList(n.left, n.list, n), n.offset);
    case 'call':
      return at(call(n, locate), n.offset);
    case 'field':
      return unsupported('unsupported expression: bare field', n);
    case 'lit':
      return n.value === true ? TRUE : unsupported('unsupported expression: constant', n);
    case 'bad':
      return unsupported(`unsupported expression: ${n.text}`, n);
  }
}
