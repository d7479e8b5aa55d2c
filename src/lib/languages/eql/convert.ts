/** EQL syntax tree → condition tree. What has no leaf form is dropped and named in `reasons`. */
import { and, leaf, mapLeaves, not, or, scope } from '../../logic/tree.ts';
import type { Condition, LeafKind, Value } from '../../logic/types.ts';
import { checkBudget } from '../parsing/limits.ts';
import { lineLocator } from '../parsing/positions.ts';
import type { Expr, Operand } from './ast.ts';

export interface Converted {
  condition?: Condition;
  reasons: string[];
}

/** Functions that test a field against one or more values, by their lower-cased name. */
const FUNCTION_KINDS: Record<string, LeafKind> = {
  startswith: 'startswith',
  endswith: 'endswith',
  stringcontains: 'contains',
  wildcard: 'wildcard',
  cidrmatch: 'cidr',
};

const RANGE_KINDS: Record<string, LeafKind> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

export function convertExpr(expr: Expr, text: string): Converted {
  const reasons: string[] = [];
  const condition = new Converter(reasons, text).convert(expr);
  return { condition, reasons };
}

/** EQL's `:` matches patterns with `*` (any run) and `?` (one character). */
const hasWildcard = (v: Value) => typeof v === 'string' && (v.includes('*') || v.includes('?'));

class Converter {
  /** The comparison being converted, as written: the detail of a reason for what it cannot express. */
  private quoted: string | undefined;

  private readonly loc: (offset: number) => { line: number; column: number };

  constructor(
    private readonly reasons: string[],
    text: string,
  ) {
    this.loc = lineLocator(text);
  }

  convert(expr: Expr): Condition | undefined {
    checkBudget();
    switch (expr.t) {
      case 'and':
        return and(...expr.children.map((c) => this.convert(c)));
      case 'or':
        return or(...expr.children.map((c) => this.convert(c)));
      case 'not':
        return not(this.convert(expr.child));
      case 'unsupported':
        this.reasons.push(expr.reason);
        return undefined;
      case 'operand':
        this.quoted = expr.text;
        return this.booleanOperand(expr.operand);
      case 'compare':
        this.quoted = expr.text;
        return this.compare(expr);
      case 'arraysearch':
        return this.arraySearch(expr);
    }
  }

  /** Some element of the list meets the condition; `$entry.x` inside reads field x of that element. */
  private arraySearch(expr: Extract<Expr, { t: 'arraysearch' }>): Condition | undefined {
    if (expr.list.t !== 'field') return this.unsupported(expr.list, '_arraysearch over a computed list');
    const child = this.convert(expr.condition);
    const prefix = `${expr.variable}.`;
    const relative = (field: string) => (field === expr.variable ? '' : field.startsWith(prefix) ? field.slice(prefix.length) : field);
    return scope('any', expr.list.name, child && mapLeaves(child, (l) => ({ ...l, field: relative(l.field) })));
  }


  private booleanOperand(op: Operand): Condition | undefined {
    if (op.t === 'call') {
      const kind = FUNCTION_KINDS[op.name.toLowerCase()];
      const [target, ...rest] = op.args;
      if (!kind) return this.unsupported(op);
      if (target?.t !== 'field') return this.unsupported(target?.t === 'call' ? target : op);
      const values = this.literals(rest);
      if (!values) {
        const computed = rest.find((r) => r.t === 'call');
        if (computed) return this.unsupported(computed);
        this.reason('field comparison');
        return undefined;
      }
      const caseSensitive = kind !== 'cidr' && !op.insensitive;
      return leaf(target.name, kind, values, { ...(caseSensitive ? { caseSensitive } : {}), loc: this.loc(op.offset) });
    }
    if (op.t === 'field') return leaf(op.name, 'eq', [true], { loc: this.loc(op.offset) });
    if (op.t === 'literal' && op.value === true) return undefined;
    this.reason('unsupported expression');
    return undefined;
  }

  /** The phrase with the comparison as written: "field comparison: process.name == process.parent.name". */
  private reason(phrase: string, fallback?: string) {
    const detail = this.quoted ?? fallback;
    this.reasons.push(detail ? `${phrase}: ${detail}` : phrase);
  }

  private unsupported(op: Operand, what?: string): undefined {
    if (op.t === 'call') this.reason('unsupported function', what ?? op.name);
    else this.reason('unsupported expression', what ?? op.t);
    return undefined;
  }

  private literals(ops: Operand[]): Value[] | undefined {
    const values: Value[] = [];
    for (const o of ops) {
      if (o.t !== 'literal') return undefined;
      values.push(o.value);
    }
    return values;
  }

  private compare(expr: Extract<Expr, { t: 'compare' }>): Condition | undefined {
    let { left, right } = expr;
    let op = expr.op;
    // `"value" == field` reads the same as `field == "value"`.
    if (left.t === 'literal' && right.length === 1 && right[0].t === 'field') {
      [left, right] = [right[0], [left]];
      op = ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op;
    }
    if (left.t !== 'field') return this.unsupported(left);
    const values = this.literals(right);
    if (!values) {
      if (right.some((r) => r.t === 'field')) this.reason('field comparison');
      else this.reason('unsupported expression', 'computed value');
      return undefined;
    }
    const field = left.name;
    const loc = this.loc(left.offset);
    const cs = (sensitive: boolean) => (sensitive ? { caseSensitive: true, loc } : { loc });
    if (values.length === 1 && values[0] === null && (op === '==' || op === '!=' || op === ':')) {
      return leaf(field, op === '!=' ? 'is_not_null' : 'is_null', [], { loc });
    }
    switch (op) {
      case '==':
        return leaf(field, 'eq', values, cs(typeof values[0] === 'string'));
      case '!=':
        return leaf(field, 'ne', values, cs(typeof values[0] === 'string'));
      case '<':
      case '<=':
      case '>':
      case '>=':
        return leaf(field, RANGE_KINDS[op], values, { loc });
      case ':':
        return this.insensitiveMatch(field, values, expr.list, loc);
      case 'in':
        return leaf(field, 'in', values, cs(!expr.insensitive && values.some((v) => typeof v === 'string')));
      case 'like':
        return leaf(field, 'wildcard', values, cs(!expr.insensitive));
      case 'regex':
        return leaf(field, 'regex', values, cs(!expr.insensitive));
    }
    this.reason('unsupported operator', op);
    return undefined;
  }

  /** `field : value(s)`: case-insensitive equality, or wildcard match where a value has `*`. */
  private insensitiveMatch(field: string, values: Value[], list: boolean, loc: { line: number; column: number }): Condition | undefined {
    if (values.length === 1 && values[0] === '*') return leaf(field, 'is_not_null', [], { loc });
    const exact = values.filter((v) => !hasWildcard(v));
    const patterns = values.filter(hasWildcard);
    const exactLeaf = exact.length ? leaf(field, list && exact.length > 1 ? 'in' : 'eq', exact, { loc }) : undefined;
    const patternLeaf = patterns.length ? leaf(field, 'wildcard', patterns, { loc }) : undefined;
    return hasWildcard(values[0]) ? or(patternLeaf, exactLeaf) : or(exactLeaf, patternLeaf);
  }
}
