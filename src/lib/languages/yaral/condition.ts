/**
 * The `condition:` section of a YARA-L rule read against its events and outcomes: which event variables must be
 * present (`$e`), which must be absent (`!$e`), and the rest in the catalog's notation, with the outcome
 * aggregates it reads written out: `#e > 5` → `count > 5` (`count($e) > 5` with several events), `#p > 3` for a
 * placeholder → `distinct_count(<its field>) > 3`, `$dc > 1` with `$dc = count_distinct($e.principal.ip)` →
 * `distinct_count(principal.ip) > 1`. An outcome computed in a way no aggregate names (`max(35 + if(...))`) keeps
 * its name and becomes a reason.
 */
import type { Expr, FieldRef } from './ast.ts';
import type { EventContext } from './events.ts';
import { exprText } from './print.ts';

/** What the condition aggregates, which gives the correlation kind of a one-event rule. */
export type AggregateKind = 'count' | 'distinct' | 'other';

export interface ConditionReading {
  /** Event variables the condition requires, in order of first mention. */
  present: string[];
  /** Event variables that must not occur (`!$e` at the top level). */
  missing: string[];
  /** The other top-level terms in the catalog's notation, and-ed. */
  terms: string[];
  /** True when the condition is an `or` of event variables: any of them alone makes a detection. */
  alternatives: boolean;
  aggregates: Set<AggregateKind>;
  reasons: string[];
}

/** Outcome functions that aggregate one field over the window, with their name in the catalog's notation. */
const AGGREGATES: Record<string, { name: string; kind: AggregateKind }> = {
  count: { name: 'count', kind: 'count' },
  count_distinct: { name: 'distinct_count', kind: 'distinct' },
  sum: { name: 'sum', kind: 'other' },
  max: { name: 'max', kind: 'other' },
  min: { name: 'min', kind: 'other' },
  avg: { name: 'avg', kind: 'other' },
  stddev: { name: 'stddev', kind: 'other' },
};

/** Functions that leave a field readable as itself in a text (case folding). */
const TRANSPARENT = new Set(['strings.to_lower', 'strings.to_upper']);

const OPS: Record<string, string> = { '=': '==', '!=': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=', '=~': '=~' };

const isExistence = (op: string, n: number) => (op === '>' && n === 0) || (op === '>=' && n === 1);

/** Field and placeholder texts as the stage blocks write them: without the event variable when there is one. */
export class FieldWriter {
  constructor(
    private readonly ctx: EventContext,
    /** The one event variable whose prefix fields drop, when the rule has only one. */
    private readonly single: string | undefined,
  ) {}

  isSingle(variable: string): boolean {
    return this.single === variable;
  }

  field(f: FieldRef): string {
    return this.single === f.variable ? f.path : `$${f.variable}.${f.path}`;
  }

  /** A plain field or placeholder bound to one (through case folding), as text; undefined when it is computed. */
  plain(e: Expr, seen = new Set<string>()): string | undefined {
    if (e.type === 'field') return this.field(e);
    if (e.type === 'placeholder') {
      const bound = this.ctx.bindings.get(e.name)?.[0];
      if (!bound || seen.has(e.name)) return undefined;
      seen.add(e.name);
      return this.plain(bound, seen);
    }
    if (e.type === 'call' && TRANSPARENT.has(e.name) && e.args.length === 1) {
      const inner = this.plain(e.args[0], seen);
      return inner && `${e.name}(${inner})`;
    }
    return undefined;
  }

  /** Any expression as text, fields written as in the stage blocks. */
  text(e: Expr): string {
    const raw = exprText(e);
    return this.single ? raw.replaceAll(`$${this.single}.`, '') : raw;
  }
}

export class ConditionReader {
  private readonly present = new Set<string>();
  private readonly missing = new Set<string>();
  private readonly aggregates = new Set<AggregateKind>();
  private readonly reasons: string[] = [];
  private readonly outcomes: Map<string, Expr>;

  constructor(
    private readonly ctx: EventContext,
    outcomes: { name: string; expr: Expr }[],
    private readonly fields: FieldWriter,
  ) {
    this.outcomes = new Map(outcomes.map((o) => [o.name, o.expr]));
  }

  read(condition: Expr | undefined): ConditionReading {
    const terms: string[] = [];
    let alternatives = false;
    if (condition?.type === 'or' && condition.children.every((c) => this.isEvent(c))) {
      alternatives = true;
      for (const c of condition.children) if (c.type === 'placeholder') this.present.add(c.name);
    } else {
      const all = condition ? andTerms(condition) : [];
      for (const term of all) {
        const text = this.term(term, all.length > 1);
        if (text) terms.push(text);
      }
    }
    // An event variable the condition never names is still one the rule matches on.
    for (const v of this.ctx.eventVariables) if (!this.missing.has(v)) this.present.add(v);
    return {
      present: this.ctx.eventVariables.filter((v) => this.present.has(v)),
      missing: [...this.missing],
      terms,
      alternatives,
      aggregates: this.aggregates,
      reasons: this.reasons,
    };
  }

  private isEvent(e: Expr): boolean {
    return e.type === 'placeholder' && this.ctx.eventVariables.includes(e.name);
  }

  /** One top-level term: an event's presence or absence (no text), or a condition on the window's result. */
  private term(e: Expr, nested: boolean): string | undefined {
    if (e.type === 'placeholder' && this.isEvent(e)) {
      this.present.add(e.name);
      return undefined;
    }
    if (e.type === 'not' && this.isEvent(e.expr) && e.expr.type === 'placeholder') {
      this.missing.add(e.expr.name);
      return undefined;
    }
    if (e.type === 'compare' && e.left.type === 'count' && e.right.type === 'number' && isExistence(e.op, e.right.value)) {
      // `#e > 0` is `$e`; `#p > 0` only needs an event that sets the placeholder, which every event variable is.
      if (this.ctx.eventVariables.includes(e.left.name)) this.present.add(e.left.name);
      return undefined;
    }
    return this.text(e, nested);
  }

  private text(e: Expr, nested: boolean): string {
    switch (e.type) {
      case 'and':
      case 'or': {
        const inner = e.children.map((c) => this.text(c, true)).join(` ${e.type} `);
        return nested ? `(${inner})` : inner;
      }
      case 'not':
        return `not ${this.text(e.expr, true)}`;
      case 'compare':
        return `${this.operand(e.left)} ${OPS[e.op]} ${this.operand(e.right)}`;
      default:
        return this.operand(e);
    }
  }

  private operand(e: Expr): string {
    switch (e.type) {
      case 'count':
        return this.count(e.name);
      case 'placeholder':
        if (this.ctx.eventVariables.includes(e.name)) {
          this.present.add(e.name);
          return `$${e.name}`;
        }
        if (this.outcomes.has(e.name)) return this.outcome(e.name);
        if (!this.ctx.bindings.has(e.name)) this.reasons.push(`unsupported condition: $${e.name}`);
        return this.fields.plain(e) ?? `$${e.name}`;
      case 'number':
      case 'bool':
        return String(e.value);
      case 'string':
        return JSON.stringify(e.value);
      case 'neg':
        return `-${this.operand(e.expr)}`;
      default:
        this.aggregates.add('other');
        return this.fields.text(e);
    }
  }

  /** `#e`: events of the window; `#p`: distinct values of a placeholder. */
  private count(name: string): string {
    if (this.ctx.eventVariables.includes(name)) {
      this.present.add(name);
      this.aggregates.add('count');
      return this.fields.isSingle(name) ? 'count' : `count($${name})`;
    }
    this.aggregates.add('distinct');
    const bound = this.ctx.bindings.get(name)?.[0];
    const field = bound && this.fields.plain(bound);
    if (field) return `distinct_count(${field})`;
    this.reasons.push(bound ? `computed value: $${name} = ${this.fields.text(bound)}` : `unbound placeholder: $${name}`);
    return `distinct_count($${name})`;
  }

  /** An outcome the condition reads: its aggregate when it is one over a field, else its name and a reason. */
  private outcome(name: string): string {
    const expr = this.outcomes.get(name)!;
    const aggregate = expr.type === 'call' && expr.args.length === 1 ? AGGREGATES[expr.name] : undefined;
    const field = aggregate && expr.type === 'call' ? this.fields.plain(expr.args[0]) : undefined;
    if (aggregate && field) {
      this.aggregates.add(aggregate.kind);
      return `${aggregate.name}(${field})`;
    }
    this.aggregates.add('other');
    this.reasons.push(`computed outcome: $${name} = ${this.fields.text(expr)}`);
    return `$${name}`;
  }
}

function andTerms(e: Expr): Expr[] {
  return e.type === 'and' ? e.children.flatMap(andTerms) : [e];
}
