/**
 * MQL expressions to the catalog's condition tree.
 *
 * - Filter functions (strings.icontains, strings.ilike, regex.imatch...) and comparisons become leaves with an
 *   explicit match kind and case: `==` and strings.contains are case-sensitive, `=~`, `in~` and the i-functions not.
 * - `any(list, cond)` / `all(list, cond)` become scope nodes whose fields are relative to one element
 *   (`.file_extension` -> file_extension, `.` -> "."); `any(filter(l, a), b)` is `any(l, a and b)`,
 *   `any(map(l, .x), cond)` reads `.` as `x`, and `length(filter(l, a)) > 0` is `any(l, a)`.
 * - `$name` lists (kept on the Sublime platform) become `in` leaves with `listRef` set: the tree still says the
 *   whole filter, the list's content is data, as a Sigma value list would be.
 * - A value the rule computes (ml.*, beta.*, network.whois, file.*, length, coalesce, arithmetic) is a computed
 *   operand written as the rule writes it (`network.whois(sender.email.domain).days_old lt 30`, `any
 *   ml.nlu_classifier(body.current_thread.text).intents (...)`), with the functions it calls in `computed`: the
 *   condition is stated in full, so it is no reason.
 * - Two fields compared with each other become `otherField` leaves; a field compared with a computed value keeps
 *   the computed side as the leaf's field; a comparison no leaf can split is one computed leaf, `eq true`.
 * - `N of (...)` is the or of every N-combination while that stays short; reasons remain for a longer threshold
 *   and for the enclosing element `..x` read outside a computation (no path of the tree names it).
 */
import { checkBudget } from '../parsing/limits.ts';
import { and, leaf, not, or, scope } from '../../logic/tree.ts';
import type { Condition, Leaf, LeafKind, Value } from '../../logic/types.ts';
import type { CompareOp, MqlExpr, MqlNode } from './ast.ts';
import { calleeName, clip, isLiteral, literalValue, outerOf, unwrap } from './expressions.ts';
import { FILTER_FUNCTIONS, QUANTIFIERS } from './functions.ts';
import { computationsOf, type Env, type Operand, operandOf, pathOf, TOP } from './operands.ts';
import { printMql } from './print.ts';
import { atLeast } from './threshold.ts';

const FLIP: Partial<Record<CompareOp, CompareOp>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=', '=~': '=~', '!~': '!~' };
const RANGE = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' } as const;
/** The same relation read from the other side: `x in list` is `list contains x`. */
const SWAP: Partial<Record<LeafKind, LeafKind>> = { eq: 'eq', ne: 'ne', lt: 'gt', lte: 'gte', gt: 'lt', gte: 'lte', in: 'contains' };

export class MqlConverter {
  readonly reasons: string[] = [];

  constructor(private readonly lineOf: (offset: number) => number) {}

  private reason(key: string, text: string): void {
    const r = `${key}: ${clip(text)}`;
    if (!this.reasons.includes(r)) this.reasons.push(r);
  }

  private leafAt(e: MqlExpr, subject: Operand, kind: LeafKind, values: Value[], extra: Partial<Leaf> = {}): Leaf {
    const computed = subject.computed?.length ? { computed: subject.computed } : {};
    return leaf(subject.field, kind, values, { ...extra, ...computed, loc: { line: this.lineOf(e.start) } });
  }

  /** A leaf's subject (field, or computed value with the functions it calls); `..` outside a call is a reason. */
  private operand(e: MqlExpr, env: Env): Operand {
    return operandOf(e, env, (text) => this.reason('enclosing element', text));
  }

  condition(e: MqlExpr, env: Env = TOP): Condition | undefined {
    checkBudget();
    switch (e.type) {
      case 'or':
        return or(...e.children.map((c) => this.condition(c, env)));
      case 'and':
        return and(...e.children.map((c) => this.condition(c, env)));
      case 'not':
        return not(this.condition(e.operand, env));
      case 'group':
        return this.condition(e.expr, env);
      case 'compare':
        return this.compare(e, env);
      case 'isnull':
        return this.leafAt(e, this.operand(e.operand, env), e.negated ? 'is_not_null' : 'is_null', []);
      case 'of':
        return this.quantity(e, env);
      case 'call':
        return this.call(e, env);
      case 'ident':
      case 'member':
      case 'index':
      case 'element':
        // A boolean value of the message (type.inbound, headers.auth_summary.spf.pass) or of a computation.
        return this.leafAt(e, this.operand(e, env), 'eq', [true]);
      case 'bool':
        if (!e.value) this.reason('never matches', 'the query is `false`');
        return undefined;
      default:
        this.reason('unsupported expression', printMql(e));
        return undefined;
    }
  }

  private quantity(e: MqlNode<'of'>, env: Env): Condition | undefined {
    const items = e.items.map((i) => this.condition(i, env));
    if (e.count <= 1) return or(...items);
    if (e.count >= e.items.length) return and(...items);
    // At least N of M: every N-combination, while that stays short enough to read; else the threshold is a reason.
    const stated = atLeast(e.count, items);
    if (stated) return stated;
    this.reason('N of', `${e.count} of ${e.items.length} conditions`);
    return or(...items);
  }

  private call(e: MqlNode<'call'>, env: Env): Condition | undefined {
    const name = calleeName(e);
    const args = e.args.map((a) => a.value);
    if (name && QUANTIFIERS.has(name) && args.length === 2) return this.quantify(e, name as 'any' | 'all', args[0], args[1], env);
    const filter = name ? FILTER_FUNCTIONS[name] : undefined;
    if (filter && args.length >= 2) {
      const patterns = args.slice(1);
      const cased = { caseSensitive: filter.caseSensitive, match: filter.match };
      if (!patterns.every((p) => p.type === 'string')) {
        // strings.icontains(body.current_thread.text, sender.display_name): the text holds another field's value.
        if (patterns.length === 1 && !filter.anchored) return this.betweenValues(e, args[0], filter.kind, args[1], env, cased);
        return this.computedTruth(e, env);
      }
      const values = patterns.map((p) => (p as MqlNode<'string'>).value).map((v) => (filter.anchored ? `^(?:${v})$` : v));
      return this.leafAt(e, this.operand(args[0], env), filter.kind, values, cased);
    }
    // A function that answers true or false by itself (beta.ip_in, strings.ilevenshtein misuse...): kept as computed.
    return this.leafAt(e, this.operand(e, env), 'eq', [true]);
  }

  /** any/all over a list; filter() and map() around the list fold into the scope. */
  private quantify(e: MqlExpr, quantifier: 'any' | 'all', list: MqlExpr, body: MqlExpr, env: Env): Condition | undefined {
    const inner: Env = { depth: env.depth + 1 };
    const l = unwrap(list);
    if (l.type === 'listref' || (l.type === 'list' && l.items.length > 0 && l.items.every((i) => i.type === 'string'))) {
      const found = this.valuesFilter(l, body, env, quantifier === 'all');
      // Any other test over the values of a list (not of the message) is no path of the event: one computed leaf.
      return found ?? this.computedTruth(e, env);
    }
    if (l.type === 'list' && l.items.length > 0 && !l.items.some(isLiteral)) {
      // any((a, b), cond): cond on a or on b; `.` reads as each item in turn.
      const each = l.items.map((i) => {
        const item = this.operand(i, env);
        return this.condition(body, { depth: Math.max(env.depth, 1), prefix: item.field, prefixComputed: item.computed });
      });
      return quantifier === 'any' ? or(...each) : and(...each);
    }
    const { source, prefix, kept } = this.unfold(l, env);
    const test = this.condition(body, { ...inner, prefix });
    return scope(quantifier, source.field, quantifier === 'any' ? and(...kept, test) : or(not(and(...kept)), test), source.computed);
  }

  /**
   * The list a quantifier walks, with filter() conditions and map() paths folded in:
   * map(filter(attachments, a), .content_id) walks attachments, keeps those where a holds, reads content_id.
   */
  private unfold(list: MqlExpr, env: Env): { source: Operand; prefix?: string; kept: Condition[] } {
    const l = unwrap(list);
    const name = l.type === 'call' && l.args.length === 2 ? calleeName(l) : undefined;
    if (l.type === 'call' && (name === 'filter' || name === 'map')) {
      const [inside, lambda] = l.args.map((a) => a.value);
      const mapped = name === 'map' ? pathOf(lambda, { depth: env.depth + 1 }) : undefined;
      if (name === 'filter' || (mapped !== undefined && mapped !== '.')) {
        const u = this.unfold(inside, env);
        const join = (p: string | undefined, q: string) => (p === undefined || p === '.' ? q : `${p}.${q}`);
        if (mapped !== undefined) return { ...u, prefix: join(u.prefix, mapped) };
        return { ...u, kept: [...u.kept, ...[this.condition(lambda, { depth: env.depth + 1, prefix: u.prefix })].filter((c) => c !== undefined)] };
      }
    }
    return { source: this.operand(list, env), kept: [] };
  }

  /**
   * any($list, strings.icontains(subject.subject, .)) and any(("Hi", "Hello"), strings.istarts_with(x, .)):
   * the field matches some value of the named or written list (every value, for all()).
   */
  private valuesFilter(list: MqlNode<'listref'> | MqlNode<'list'>, body: MqlExpr, env: Env, every: boolean): Condition | undefined {
    const b = unwrap(body);
    if (b.type !== 'call' || b.args.length !== 2) return undefined;
    const filter = FILTER_FUNCTIONS[calleeName(b) ?? ''];
    const [subject, pattern] = b.args.map((a) => unwrap(a.value));
    if (!filter || pattern.type !== 'element' || pattern.up !== 0) return undefined;
    const outer = outerOf(subject);
    if (!outer) return undefined;
    const field = this.operand(outer, env);
    const cased = { caseSensitive: filter.caseSensitive, match: filter.match, ...(every && { all: true }) };
    if (list.type === 'listref') return this.leafAt(b, field, filter.kind, [`$${list.name}`], { ...cased, listRef: list.name });
    const values = list.items.map((i) => (i as MqlNode<'string'>).value).map((v) => (filter.anchored ? `^(?:${v})$` : v));
    return this.leafAt(b, field, filter.kind, values, cased);
  }

  /** `length(filter(l, a)) > 0` and its negation `== 0`: whether any element passes. */
  private countOfFilter(e: MqlNode<'compare'>, env: Env): Condition | undefined {
    const left = unwrap(e.left);
    if (left.type !== 'call' || calleeName(left) !== 'length' || left.args.length !== 1) return undefined;
    const inner = unwrap(left.args[0].value);
    if (inner.type !== 'call' || calleeName(inner) !== 'filter' || inner.args.length !== 2 || e.right.type !== 'number') return undefined;
    const n = e.right.value;
    const some = (e.op === '>' && n === 0) || (e.op === '>=' && n === 1) || (e.op === '!=' && n === 0);
    const none = (e.op === '==' && n === 0) || (e.op === '<' && n === 1);
    if (!some && !none) return undefined;
    const { source, kept } = this.unfold(inner, env);
    const found = scope('any', source.field, and(...kept), source.computed);
    return some ? found : not(found);
  }

  private compare(e: MqlNode<'compare'>, env: Env): Condition | undefined {
    const counted = this.countOfFilter(e, env);
    if (counted) return counted;
    let { op, left, right } = e;
    right = unwrap(right);
    left = unwrap(left);
    const tilde = op.endsWith('~');
    const membership = op === 'in' || op === 'in~' || op === 'not in' || op === 'not in~';
    const negated = op.startsWith('not ');
    if (membership && isLiteral(left) && !isLiteral(right) && right.type !== 'list' && right.type !== 'listref') {
      // "x" in .tags: the list holds the value.
      const l = this.leafAt(e, this.operand(right, env), 'contains', [literalValue(left)], { match: 'exact', caseSensitive: !tilde });
      return negated ? not(l) : l;
    }
    if (!membership && isLiteral(left) && !isLiteral(right)) {
      [left, right] = [right, left];
      op = FLIP[op] ?? op;
    }
    if (membership) return this.membership(e, left, right, tilde, negated, env);
    if (!isLiteral(right)) {
      const kind: LeafKind = op === '==' || op === '=~' ? 'eq' : op === '!=' || op === '!~' ? 'ne' : RANGE[op as keyof typeof RANGE];
      return this.betweenValues(e, left, kind, right, env, op === '==' || op === '!=' ? { caseSensitive: true } : {});
    }
    const field = this.operand(left, env);
    const value = literalValue(right);
    if (value === null) {
      if (op === '==' || op === '=~') return this.leafAt(e, field, 'is_null', []);
      if (op === '!=' || op === '!~') return this.leafAt(e, field, 'is_not_null', []);
    }
    const cased = typeof value === 'string' ? { caseSensitive: op === '==' || op === '!=' } : {};
    switch (op) {
      case '==':
      case '=~':
        return this.leafAt(e, field, 'eq', [value], cased);
      case '!=':
      case '!~':
        return this.leafAt(e, field, 'ne', [value], cased);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.leafAt(e, field, RANGE[op], [value]);
      default:
        this.reason('unsupported expression', printMql(e));
        return undefined;
    }
  }

  /**
   * Two values of the message compared with each other. Two fields: an otherField leaf. A field and a computed
   * value: the computed side is the leaf's field and the other its otherField (sides swapped when the relation
   * allows). Otherwise the whole comparison is one computed leaf.
   */
  private betweenValues(e: MqlExpr, left: MqlExpr, kind: LeafKind, right: MqlExpr, env: Env, extra: Partial<Leaf>): Condition | undefined {
    const plain = (x: MqlExpr, o: Operand) => !o.computed && pathOf(x, env) !== undefined;
    // Quiet: a side that reads `..` bare is neither a path nor computed, and computedTruth names it.
    const [a, b] = [operandOf(left, env, () => {}), operandOf(right, env, () => {})];
    if (plain(left, a) && plain(right, b)) return this.leafAt(e, a, kind, [], { ...extra, otherField: b.field });
    if (a.computed && plain(right, b)) return this.leafAt(e, a, kind, [], { ...extra, otherField: b.field });
    const swapped = SWAP[kind];
    if (b.computed && plain(left, a) && swapped) {
      return this.leafAt(e, b, swapped, [], { ...extra, ...(kind === 'in' && { match: 'exact' as const }), otherField: a.field });
    }
    return this.computedTruth(e, env);
  }

  /** A condition no leaf splits, stated as the computed truth of its text; without any computation, a reason. */
  private computedTruth(e: MqlExpr, env: Env): Condition | undefined {
    const { calls, enclosing } = computationsOf(e, env);
    for (const text of enclosing) this.reason('enclosing element', text);
    if (calls.length) return this.leafAt(e, { field: printMql(unwrap(e)), computed: calls }, 'eq', [true]);
    this.reason('field comparison', printMql(e));
    return undefined;
  }

  private membership(e: MqlExpr, left: MqlExpr, right: MqlExpr, tilde: boolean, negated: boolean, env: Env): Condition | undefined {
    const caseSensitive = !tilde;
    let l: Leaf | undefined;
    if (right.type === 'listref') {
      l = this.leafAt(e, this.operand(left, env), 'in', [`$${right.name}`], { caseSensitive, listRef: right.name });
    } else if (right.type === 'list' && right.items.every(isLiteral)) {
      l = this.leafAt(e, this.operand(left, env), 'in', right.items.map(literalValue), { caseSensitive });
    } else if (isLiteral(right)) {
      l = this.leafAt(e, this.operand(left, env), 'in', [literalValue(right)], { caseSensitive });
    } else {
      const between = this.betweenValues(e, left, 'in', right, env, { caseSensitive });
      return negated ? not(between) : between;
    }
    return negated ? not(l) : l;
  }
}
