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
 * - What no filter expresses (ml.*, beta.*, network.whois, file.*, length, coalesce, the enclosing element `..x`)
 *   stays in the tree as a computed operand written as the rule writes it (`network.whois(sender.email.domain).days_old
 *   < 30`) and is named in a reason "<function>: <its text>", which makes the logic partial. Comparisons between two
 *   values of the message and `N of (...)` thresholds are reasons too.
 */
import { checkBudget } from '../parsing/limits.ts';
import { and, leaf, not, or, scope } from '../../logic/tree.ts';
import type { Condition, Leaf, Value } from '../../logic/types.ts';
import type { CompareOp, MqlExpr, MqlNode } from './ast.ts';
import { calleeName, clip, isLiteral, literalValue, outerOf, unwrap } from './expressions.ts';
import { FILTER_FUNCTIONS, QUANTIFIERS } from './functions.ts';
import { printMql } from './print.ts';

/** Where a sub-expression is read: inside how many any/all lambdas, and what `.` stands for. */
interface Env {
  depth: number;
  /** Set inside any(map(l, .x), ...): `.` is `x` of the element. */
  prefix?: string;
}

const TOP: Env = { depth: 0 };

/** Functions whose arguments after the first are read per element of the first (`.` is the element). */
const LAMBDA_FUNCTIONS = new Set(['any', 'all', 'filter', 'map', 'distinct', 'ratio']);

const FLIP: Partial<Record<CompareOp, CompareOp>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=', '=~': '=~', '!~': '!~' };
const RANGE = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' } as const;

export class MqlConverter {
  readonly reasons: string[] = [];

  constructor(private readonly lineOf: (offset: number) => number) {}

  private reason(key: string, text: string): void {
    const r = `${key}: ${clip(text)}`;
    if (!this.reasons.includes(r)) this.reasons.push(r);
  }

  private leafAt(e: MqlExpr, field: string, kind: Leaf['kind'], values: Value[], extra: Partial<Leaf> = {}): Leaf {
    return leaf(field, kind, values, { ...extra, loc: { line: this.lineOf(e.start) } });
  }

  /** The dotted path of a field (`sender.email.domain.root_domain`, element-relative inside a lambda), or undefined. */
  private pathOf(e: MqlExpr, env: Env): string | undefined {
    switch (e.type) {
      case 'ident':
        return e.name;
      case 'listref':
        return `$${e.name}`;
      case 'group':
        return this.pathOf(e.expr, env);
      case 'element':
        return e.up === 0 && env.depth > 0 ? (env.prefix ?? '.') : undefined;
      case 'member': {
        const base = this.pathOf(e.object, env);
        if (base === undefined) return undefined;
        return base === '.' ? e.name : `${base}.${e.name}`;
      }
      case 'index': {
        const base = this.pathOf(e.object, env);
        const i = e.index;
        if (base === undefined || (i.type !== 'number' && i.type !== 'string')) return undefined;
        return base === '.' ? String(i.value) : `${base}.${i.value}`;
      }
      default:
        return undefined;
    }
  }

  /** The field a leaf reads: its path, or the expression's text when it is computed (each computation named in a reason). */
  private fieldOf(e: MqlExpr, env: Env): string {
    const path = this.pathOf(e, env);
    if (path !== undefined) return path;
    this.nameComputations(e, env);
    return printMql(unwrap(e));
  }

  /** Reasons for what makes a value computed: function calls, the enclosing element, arithmetic. */
  private nameComputations(e: MqlExpr, env: Env, inCall = false): void {
    const visit = (x: MqlExpr, at: Env = env, nested = inCall) => this.nameComputations(x, at, nested);
    switch (e.type) {
      case 'call': {
        // Nested calls are named too: file.explode(ml.link_analysis(.).screenshot) runs both.
        const name = calleeName(e);
        this.reason(name ?? 'function call', printMql(e));
        if (!name) visit(e.object);
        const lambda = LAMBDA_FUNCTIONS.has(name ?? '');
        for (const [i, a] of e.args.entries()) visit(a.value, i > 0 && lambda ? { depth: env.depth + 1 } : env, true);
        break;
      }
      case 'element':
        // Inside a computation already named, `..` is part of its text.
        if (!inCall && (e.up > 0 || env.depth === 0)) this.reason('enclosing element', printMql(e));
        break;
      case 'member':
        visit(e.object);
        break;
      case 'index':
        visit(e.object);
        visit(e.index);
        break;
      case 'group':
        visit(e.expr);
        break;
      case 'list':
      case 'of':
        for (const item of e.items) visit(item);
        break;
      case 'and':
      case 'or':
        for (const child of e.children) visit(child);
        break;
      case 'not':
      case 'isnull':
        visit(e.operand);
        break;
      case 'compare':
        visit(e.left);
        visit(e.right);
        break;
      case 'arith':
      case 'negate':
        this.reason('arithmetic', printMql(e));
        break;
      case 'ident':
      case 'listref':
      case 'string':
      case 'number':
      case 'bool':
      case 'null':
        break;
    }
  }

  /** Two values of the message compared with each other: no leaf says it; the reason does, with what computes them. */
  private fieldComparison(e: MqlExpr, operands: MqlExpr[], env: Env): void {
    this.reason('field comparison', printMql(e));
    for (const o of operands) if (this.pathOf(o, env) === undefined) this.nameComputations(o, env);
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
        return this.leafAt(e, this.fieldOf(e.operand, env), e.negated ? 'is_not_null' : 'is_null', []);
      case 'of':
        return this.quantity(e, env);
      case 'call':
        return this.call(e, env);
      case 'ident':
      case 'member':
      case 'index':
      case 'element':
        // A boolean value of the message (type.inbound, headers.auth_summary.spf.pass) or of a computation.
        return this.leafAt(e, this.fieldOf(e, env), 'eq', [true]);
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
    // At least N of M: the tree keeps the M conditions as alternatives, the threshold is the reason.
    this.reason('N of', `${e.count} of ${e.items.length} conditions`);
    return or(...items);
  }

  private call(e: MqlNode<'call'>, env: Env): Condition | undefined {
    const name = calleeName(e);
    const args = e.args.map((a) => a.value);
    if (name && QUANTIFIERS.has(name) && args.length === 2) return this.quantify(name as 'any' | 'all', args[0], args[1], env);
    const filter = name ? FILTER_FUNCTIONS[name] : undefined;
    if (filter && args.length >= 2) {
      const patterns = args.slice(1);
      if (!patterns.every((p) => p.type === 'string')) {
        this.fieldComparison(e, args, env);
        return undefined;
      }
      const values = patterns.map((p) => (p as MqlNode<'string'>).value).map((v) => (filter.anchored ? `^(?:${v})$` : v));
      return this.leafAt(e, this.fieldOf(args[0], env), filter.kind, values, { caseSensitive: filter.caseSensitive, match: filter.match });
    }
    // A function that answers true or false by itself (beta.ip_in, strings.ilevenshtein misuse...): kept as computed.
    return this.leafAt(e, this.fieldOf(e, env), 'eq', [true]);
  }

  /** any/all over a list; filter() and map() around the list fold into the scope. */
  private quantify(quantifier: 'any' | 'all', list: MqlExpr, body: MqlExpr, env: Env): Condition | undefined {
    const inner: Env = { depth: env.depth + 1 };
    const l = unwrap(list);
    if (quantifier === 'any' && (l.type === 'listref' || (l.type === 'list' && l.items.length > 0 && l.items.every((i) => i.type === 'string')))) {
      const found = this.valuesFilter(l, body, env);
      if (found) return found;
    }
    if (l.type === 'list' && l.items.length > 0 && !l.items.some(isLiteral)) {
      // any((a, b), cond): cond on a or on b; `.` reads as each item in turn.
      const each = l.items.map((i) => this.condition(body, { depth: Math.max(env.depth, 1), prefix: this.fieldOf(i, env) }));
      return quantifier === 'any' ? or(...each) : and(...each);
    }
    const { source, prefix, kept } = this.unfold(l, env);
    const test = this.condition(body, { ...inner, prefix });
    return scope(quantifier, source, quantifier === 'any' ? and(...kept, test) : or(not(and(...kept)), test));
  }

  /**
   * The list a quantifier walks, with filter() conditions and map() paths folded in:
   * map(filter(attachments, a), .content_id) walks attachments, keeps those where a holds, reads content_id.
   */
  private unfold(list: MqlExpr, env: Env): { source: string; prefix?: string; kept: Condition[] } {
    const l = unwrap(list);
    const name = l.type === 'call' && l.args.length === 2 ? calleeName(l) : undefined;
    if (l.type === 'call' && (name === 'filter' || name === 'map')) {
      const [inside, lambda] = l.args.map((a) => a.value);
      const mapped = name === 'map' ? this.pathOf(lambda, { depth: env.depth + 1 }) : undefined;
      if (name === 'filter' || (mapped !== undefined && mapped !== '.')) {
        const u = this.unfold(inside, env);
        const join = (p: string | undefined, q: string) => (p === undefined || p === '.' ? q : `${p}.${q}`);
        if (mapped !== undefined) return { ...u, prefix: join(u.prefix, mapped) };
        return { ...u, kept: [...u.kept, ...[this.condition(lambda, { depth: env.depth + 1, prefix: u.prefix })].filter((c) => c !== undefined)] };
      }
    }
    return { source: this.fieldOf(list, env), kept: [] };
  }

  /**
   * any($list, strings.icontains(subject.subject, .)) and any(("Hi", "Hello"), strings.istarts_with(x, .)):
   * the field matches some value of the named or written list.
   */
  private valuesFilter(list: MqlNode<'listref'> | MqlNode<'list'>, body: MqlExpr, env: Env): Condition | undefined {
    const b = unwrap(body);
    if (b.type !== 'call' || b.args.length !== 2) return undefined;
    const filter = FILTER_FUNCTIONS[calleeName(b) ?? ''];
    const [subject, pattern] = b.args.map((a) => unwrap(a.value));
    if (!filter || pattern.type !== 'element' || pattern.up !== 0) return undefined;
    const outer = outerOf(subject);
    if (!outer) return undefined;
    const field = this.fieldOf(outer, env);
    const cased = { caseSensitive: filter.caseSensitive, match: filter.match };
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
    const found = scope('any', source, and(...kept));
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
      const l = this.leafAt(e, this.fieldOf(right, env), 'contains', [literalValue(left)], { match: 'exact', caseSensitive: !tilde });
      return negated ? not(l) : l;
    }
    if (!membership && isLiteral(left) && !isLiteral(right)) {
      [left, right] = [right, left];
      op = FLIP[op] ?? op;
    }
    if (membership) return this.membership(e, left, right, tilde, negated, env);
    if (!isLiteral(right)) {
      this.fieldComparison(e, [left, right], env);
      return undefined;
    }
    const field = this.fieldOf(left, env);
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

  private membership(e: MqlExpr, left: MqlExpr, right: MqlExpr, tilde: boolean, negated: boolean, env: Env): Condition | undefined {
    const caseSensitive = !tilde;
    let l: Leaf | undefined;
    if (right.type === 'listref') {
      l = this.leafAt(e, this.fieldOf(left, env), 'in', [`$${right.name}`], { caseSensitive, listRef: right.name });
    } else if (right.type === 'list' && right.items.every(isLiteral)) {
      l = this.leafAt(e, this.fieldOf(left, env), 'in', right.items.map(literalValue), { caseSensitive });
    } else if (isLiteral(right)) {
      l = this.leafAt(e, this.fieldOf(left, env), 'in', [literalValue(right)], { caseSensitive });
    } else {
      this.fieldComparison(e, [left, right], env);
      return undefined;
    }
    return negated ? not(l) : l;
  }
}
