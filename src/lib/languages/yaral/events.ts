/**
 * Translates statements of a YARA-L `events:` section into condition-tree nodes.
 * Placeholder assignments (`$user = $e.principal.user.userid`) are not filters: they name a field so that
 * events can be joined, grouped (match:) or compared; a placeholder compared with a literal is resolved to
 * the field it is bound to.
 */
import { and, leaf, not, or } from '../../logic/tree.ts';
import type { Condition, Leaf, LeafKind, Value } from '../../logic/types.ts';
import type { Call, Compare, CompareOp, Expr, FieldRef } from './ast.ts';
import { CASE_FOLDING_FUNCTIONS, FILTER_FUNCTIONS, caseSensitiveByDefault } from './functions.ts';
import { mergeAlternatives } from './merge.ts';
import { exprText } from './print.ts';

/** A field as the rule compares it, after resolving placeholders and case folding. */
interface Subject {
  field: string;
  variable: string;
  caseFolded: boolean;
}

export interface EventContext {
  /** Event (and entity) variables in order of first use, without `$`. */
  eventVariables: string[];
  /** Placeholder name → the expressions it is assigned from (`$p = <expr>`). */
  bindings: Map<string, Expr[]>;
  /** Collects reasons for anything that cannot become a filter. */
  reasons: string[];
}

/** Event variables referenced by an expression, placeholders resolved through their bindings. */
export function variablesOf(expr: Expr, ctx: EventContext, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  const visit = (e: Expr) => {
    switch (e.type) {
      case 'field':
        out.add(e.variable);
        break;
      case 'placeholder':
        if (seen.has(e.name)) break;
        seen.add(e.name);
        for (const b of ctx.bindings.get(e.name) ?? []) visit(b);
        break;
      case 'count':
        if (ctx.eventVariables.includes(e.name)) out.add(e.name);
        break;
      case 'call':
        e.args.forEach(visit);
        break;
      case 'compare':
      case 'arith':
        visit(e.left);
        visit(e.right);
        break;
      case 'and':
      case 'or':
        e.children.forEach(visit);
        break;
      case 'in':
      case 'not':
      case 'quantified':
      case 'neg':
        visit(e.expr);
        break;
    }
  };
  visit(expr);
  return out;
}

/** `$p = <field or function of fields>` (either way round): a binding, not a filter. */
export function bindingOf(stmt: Expr): { name: string; expr: Expr } | undefined {
  if (stmt.type !== 'compare' || stmt.op !== '=') return undefined;
  const isBound = (e: Expr) => e.type === 'field' || e.type === 'call' || e.type === 'arith';
  if (stmt.left.type === 'placeholder' && isBound(stmt.right)) return { name: stmt.left.name, expr: stmt.right };
  if (stmt.right.type === 'placeholder' && isBound(stmt.left)) return { name: stmt.right.name, expr: stmt.left };
  return undefined;
}

const isLiteral = (e: Expr) =>
  e.type === 'string' || e.type === 'regex' || e.type === 'number' || e.type === 'bool' || e.type === 'ident' || (e.type === 'neg' && e.expr.type === 'number');

const FLIPPED: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '=~': '=~', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

function literalValue(e: Expr): Value {
  switch (e.type) {
    case 'string':
      return e.value;
    case 'regex':
      return e.pattern;
    case 'number':
      return e.value;
    case 'bool':
      return e.value;
    case 'ident':
      return e.name;
    case 'neg':
      return e.expr.type === 'number' ? -e.expr.value : null;
    default:
      return null;
  }
}

export class EventTranslator {
  constructor(private readonly ctx: EventContext) {}

  /** Field names carry the event variable only when the rule has several. */
  private fieldName(f: FieldRef): string {
    return this.ctx.eventVariables.length > 1 ? `$${f.variable}.${f.path}` : f.path;
  }

  translate(e: Expr): Condition | undefined {
    switch (e.type) {
      case 'and':
        return and(...e.children.map((c) => this.translate(c)));
      case 'or':
        return mergeAlternatives(or(...e.children.map((c) => this.translate(c))));
      case 'not':
        return not(this.translate(e.expr));
      case 'quantified':
        return this.translate(e.expr);
      case 'compare':
        return this.compare(e);
      case 'call':
        return this.filterCall(e, e.nocase);
      case 'in':
        this.ctx.reasons.push(`reference list: %${e.list}`);
        return undefined;
      default:
        this.ctx.reasons.push(`unsupported expression: ${e.type}`);
        return undefined;
    }
  }

  /** The field side of a comparison; undefined (with a reason) when it is computed in a way no leaf expresses. */
  private subject(e: Expr, seen = new Set<string>()): Subject | undefined {
    switch (e.type) {
      case 'field':
        return { field: this.fieldName(e), variable: e.variable, caseFolded: false };
      case 'placeholder': {
        const bound = this.ctx.bindings.get(e.name) ?? [];
        if (bound.length === 0 || seen.has(e.name)) {
          this.ctx.reasons.push(`unbound placeholder: $${e.name}`);
          return undefined;
        }
        seen.add(e.name);
        return this.subject(bound[0], seen);
      }
      case 'call': {
        if (CASE_FOLDING_FUNCTIONS.has(e.name) && e.args.length === 1) {
          const inner = this.subject(e.args[0], seen);
          return inner && { ...inner, caseFolded: true };
        }
        this.ctx.reasons.push(`unsupported function: ${e.name}`);
        return undefined;
      }
      case 'arith':
        this.ctx.reasons.push(`computed value: ${exprText(e)}`);
        return undefined;
      default:
        this.ctx.reasons.push(`unsupported expression: ${e.type}`);
        return undefined;
    }
  }

  private compare(c: Compare): Condition | undefined {
    let { left, right, op } = c;
    if (isLiteral(left) && !isLiteral(right)) [left, right, op] = [right, left, FLIPPED[op]];
    if (!isLiteral(right)) {
      this.fieldComparison(c);
      return undefined;
    }
    if (left.type === 'call' && right.type === 'bool' && FILTER_FUNCTIONS[left.name]) {
      const cond = this.filterCall(left, c.nocase || left.nocase);
      if (op === '=') return right.value ? cond : not(cond);
      if (op === '!=') return right.value ? not(cond) : cond;
    }
    const subject = this.subject(left);
    if (!subject) return undefined;
    const value = literalValue(right);
    const isString = typeof value === 'string';
    const caseSensitive = isString ? !(c.nocase || subject.caseFolded) : undefined;
    const make = (kind: LeafKind, values: Value[] = [value]): Leaf =>
      leaf(subject.field, kind, values, {
        ...(caseSensitive !== undefined && kind !== 'is_null' && kind !== 'is_not_null' ? { caseSensitive } : {}),
        loc: c.pos,
      });
    const positive = (): Leaf => {
      if (right.type === 'regex') return make('regex');
      // An empty string is how UDM says a field is unset.
      if (value === '') return make('is_null', []);
      return make('eq');
    };
    switch (op) {
      case '=':
      case '=~':
        return positive();
      case '!=':
        return value === '' && right.type !== 'regex' ? make('is_not_null', []) : not(positive());
      case '<':
        return make('lt');
      case '>':
        return make('gt');
      case '<=':
        return make('lte');
      case '>=':
        return make('gte');
    }
  }

  /** Field against field (or placeholder): a join between events, or a comparison inside one event. */
  private fieldComparison(c: Compare) {
    const left = variablesOf(c.left, this.ctx);
    const right = variablesOf(c.right, this.ctx);
    const all = new Set([...left, ...right]);
    // Comparisons across event variables are part of the join, which the rule's reasons already name.
    if (all.size > 1) return;
    this.ctx.reasons.push(`field comparison: ${exprText(c)}`);
  }

  /** `re.regex(field, "x")`, `strings.contains(field, "x")`, `net.ip_in_range_cidr(field, "x")`. */
  private filterCall(call: Call, nocase: boolean): Condition | undefined {
    const kind = FILTER_FUNCTIONS[call.name];
    if (!kind) {
      this.ctx.reasons.push(`unsupported function: ${call.name}`);
      return undefined;
    }
    const [target, pattern] = call.args;
    if (!target || !pattern || !isLiteral(pattern)) {
      this.ctx.reasons.push(pattern && !isLiteral(pattern) ? `field comparison: ${exprText(call)}` : `unsupported function: ${call.name}`);
      return undefined;
    }
    const subject = this.subject(target);
    if (!subject) return undefined;
    const byDefault = caseSensitiveByDefault(kind);
    const caseSensitive = byDefault === undefined ? undefined : byDefault && !(nocase || subject.caseFolded);
    return leaf(subject.field, kind, [literalValue(pattern)], { ...(caseSensitive !== undefined ? { caseSensitive } : {}), loc: call.pos });
  }
}
