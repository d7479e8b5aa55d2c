/** EQL syntax tree → condition tree. What has no leaf form is dropped and named in `reasons`. */
import { and, leaf, mapLeaves, not, or, scope } from '../../logic/tree.ts';
import type { Condition, Leaf, LeafKind, Value } from '../../logic/types.ts';
import { checkBudget } from '../parsing/limits.ts';
import { lineLocator } from '../parsing/positions.ts';
import type { Expr, Operand } from './ast.ts';
import { OperandText } from './operand-text.ts';

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

/** Operators that compare a field with another field of the event, and how the leaf says it. */
const OTHER_FIELD_KINDS: Record<string, LeafKind> = { ...RANGE_KINDS, '==': 'eq', '!=': 'ne', ':': 'eq', in: 'eq' };

/** Operators a computed value is compared with written values by (`length(x) > 10`, `substring(x, 0, 3) == "abc"`). */
const COMPUTED_KINDS: Record<string, LeafKind> = { ...RANGE_KINDS, '==': 'eq', '!=': 'ne', ':': 'eq', in: 'in' };

/**
 * `aliases` are the names sequence steps give their events (`[...] as event0`): a field read through one belongs to
 * another event, so comparing with it is the sequence's join condition, not a comparison within this event.
 */
export function convertExpr(expr: Expr, text: string, aliases: string[] = []): Converted {
  const reasons: string[] = [];
  const condition = new Converter(reasons, text, aliases).convert(expr);
  return { condition, reasons };
}

/** EQL's `:` matches patterns with `*` (any run) and `?` (one character). */
const hasWildcard = (v: Value) => typeof v === 'string' && (v.includes('*') || v.includes('?'));

class Converter {
  /** The comparison being converted, as written: the detail of a reason for what it cannot express. */
  private quoted: string | undefined;

  private readonly loc: (offset: number) => { line: number; column: number };
  private readonly written: OperandText;
  /** The `$entry` variable of the `_arraysearch` being converted: fields outside it are not the element's. */
  private scopeVariable: string | undefined;

  constructor(
    private readonly reasons: string[],
    text: string,
    aliases: string[],
  ) {
    this.loc = lineLocator(text);
    this.written = new OperandText(text, aliases);
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
    const outer = this.scopeVariable;
    this.scopeVariable = expr.variable;
    const child = this.convert(expr.condition);
    this.scopeVariable = outer;
    const prefix = `${expr.variable}.`;
    const relative = (field: string) => (field === expr.variable ? '' : field.startsWith(prefix) ? field.slice(prefix.length) : field);
    const inElement = (l: Leaf) => ({ ...l, field: relative(l.field), ...(l.otherField !== undefined && { otherField: relative(l.otherField) }) });
    return scope('any', expr.list.name, child && mapLeaves(child, inElement));
  }

  /**
   * `field <kind> other` for each other field (any of them), or undefined with a reason when one is not a plain
   * field of this event: a field of an earlier sequence event, or one outside the array element being searched.
   */
  private fieldComparisons(field: Operand, others: Operand[], kind: LeafKind, caseSensitive: boolean, offset: number): Condition | undefined {
    const fields = [field, ...others];
    if (!fields.every((f) => f.t === 'field') || fields.some((f) => this.written.readsAnotherEvent(f))) {
      this.reason('field comparison across events');
      return undefined;
    }
    if (this.scopeVariable !== undefined) {
      const inElement = (f: Operand) => f.t === 'field' && (f.name === this.scopeVariable || f.name.startsWith(`${this.scopeVariable}.`));
      if (!fields.every(inElement)) {
        this.reason('field comparison between an array element and the event');
        return undefined;
      }
    }
    const name = (f: Operand) => (f.t === 'field' ? f.name : '');
    const extra = { ...(caseSensitive ? { caseSensitive } : {}), loc: this.loc(offset) };
    return or(...others.map((o) => leaf(name(field), kind, [], { otherField: name(o), ...extra })));
  }

  /**
   * A leaf on a value the rule computes from this event's fields (`length(process.command_line) >= 200`), written as
   * the rule writes it; undefined with a reason when the computation reads another event's fields.
   */
  private computedLeaf(op: Operand, kind: LeafKind, values: Value[], caseSensitive: boolean): Condition | undefined {
    if (this.written.readsAnotherEvent(op)) {
      this.reason('field comparison across events');
      return undefined;
    }
    if (this.scopeVariable !== undefined) return this.unsupported(op);
    const functions = this.written.functions(op);
    if (!functions.length) return this.unsupported(op);
    return leaf(this.written.of(op), kind, values, { ...(caseSensitive ? { caseSensitive } : {}), computed: functions, loc: this.loc(op.offset) });
  }


  private booleanOperand(op: Operand): Condition | undefined {
    if (op.t === 'call') {
      const kind = FUNCTION_KINDS[op.name.toLowerCase()];
      const [target, ...rest] = op.args;
      const caseSensitive = kind !== 'cidr' && !op.insensitive;
      const values = this.literals(rest);
      // A test whose arguments are themselves computed is stated whole: `endswith~(substring(...), ...)` is true.
      const withFields = !values && target?.t === 'field' && rest.every((r) => r.t === 'field');
      if (!kind || !target || (!values && !withFields) || (values && target.t !== 'field' && target.t !== 'call')) {
        return this.computedLeaf(op, 'eq', [true], false);
      }
      if (!values) return this.fieldComparisons(target, rest, kind, caseSensitive, op.offset);
      if (target.t !== 'field') return this.computedLeaf(target, kind, values, caseSensitive);
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
    const values = this.literals(right);
    if (left.t !== 'field') {
      const kind = op === ':' && values?.some(hasWildcard) ? 'wildcard' : values && COMPUTED_KINDS[op];
      if (!values || !kind || (values.length > 1 && kind !== 'in')) return this.unsupported(left);
      if (values.length === 1 && values[0] === null && (kind === 'eq' || kind === 'ne')) return this.computedLeaf(left, kind === 'ne' ? 'is_not_null' : 'is_null', [], false);
      const sensitive = (op === '==' || op === '!=' || (op === 'in' && !expr.insensitive)) && values.some((v) => typeof v === 'string');
      return this.computedLeaf(left, kind, values, sensitive);
    }
    if (!values) {
      const kind = OTHER_FIELD_KINDS[op];
      if (kind && right.every((r) => r.t === 'field')) return this.fieldComparisons(left, right, kind, op === '==' || op === '!=', expr.offset);
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
