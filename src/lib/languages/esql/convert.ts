/**
 * ES|QL pipeline → condition tree plus correlation. Columns are followed through eval / rename / stats so that
 * a `where` on a source field (or an alias of one) becomes a leaf, a `where` on an aggregate becomes the
 * condition of the stats' aggregation, and a `where` on a per-event computed column becomes a leaf on the
 * computation as written (evals substituted); grok / dissect columns are named, with their command, as reasons.
 */
import { and, leaf, not, or, uniq } from '../../logic/tree.ts';
import type { Condition, Correlation, CorrelationKind, LeafKind, Value } from '../../logic/types.ts';
import { kueryLogic } from '../kuery/index.ts';
import type { Assignment, EsqlCommand, EsqlExpr } from './ast.ts';
import { type ColumnValue, type ComputedValue, computedValue } from './computed-value.ts';
import { exprText, fieldsOf } from './expressions.ts';

/** What a value expression reads: an event field (maybe case-folded), or a value computed from event fields. */
interface Target {
  field: string;
  insensitive: boolean;
  computed?: string[];
}

type Origin =
  | { kind: 'alias'; field: string; insensitive: boolean }
  /** A boolean column defined by a condition (eval is_x = a == 1 or b like "c*"). */
  | { kind: 'predicate'; condition: Condition | undefined; value?: ComputedValue }
  /** A per-event value: with `value` when the query computes it from event fields (eval), without for grok / dissect. */
  | { kind: 'computed'; value?: ComputedValue }
  /** An aggregate (or a value computed from one); `fn` is the aggregating function when the column is one. */
  | { kind: 'aggregate'; fn?: string };

export interface PipelineLogic {
  condition?: Condition;
  reasons: string[];
  /** Index patterns of the `from` command. */
  sources: string[];
  /** Columns the query returns (keep / stats), in order. */
  outputFields: string[];
  /** What `stats ... by` and the `where` on its results do across events. */
  correlation?: Correlation;
}

const FUNCTION_KINDS: Record<string, LeafKind> = {
  starts_with: 'startswith',
  ends_with: 'endswith',
  contains: 'contains',
  cidr_match: 'cidr',
  // mv_contains(field, value): one of the field's values is the value.
  mv_contains: 'eq',
};
const CASE_FOLDING = new Set(['to_lower', 'to_upper']);
/** Conversions that leave the compared value as the field holds it. */
const TRANSPARENT = new Set(['to_string', 'to_str', 'to_ip', 'to_keyword', 'to_double', 'to_integer', 'to_int', 'to_long']);
const OP_KINDS: Record<string, LeafKind> = {
  '==': 'eq',
  '=~': 'eq',
  ':': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'lte',
  '>': 'gt',
  '>=': 'gte',
  in: 'in',
  like: 'wildcard',
  rlike: 'regex',
};

const computedOf = (t: Target) => (t.computed ? { computed: t.computed } : {});

export function pipelineLogic(commands: EsqlCommand[], lineOf: (offset: number) => number): PipelineLogic {
  return new PipelineWalker(lineOf).walk(commands);
}

class PipelineWalker {
  private columns = new Map<string, Origin>();
  private output: string[] | undefined;
  private readonly reasons: string[] = [];
  private readonly conditions: (Condition | undefined)[] = [];
  private readonly sources: string[] = [];
  /** How each computed column was made, as written (`eval x = ...`, `grok ...`): quoted where a filter reads it. */
  private readonly definitions = new Map<string, string>();
  private readonly statsTexts: string[] = [];
  private groupBy: string[] = [];
  private window: string | undefined;
  /** `where` texts on aggregates, and the aggregating functions they read. */
  private readonly aggregateConditions: string[] = [];
  private readonly aggregateFunctions: string[] = [];
  /** Columns those `where`s read, so the evals defining them are quoted beside the stats. */
  private readonly conditionColumns: string[] = [];

  /** The predicate being converted, as written: the detail of a reason for what it cannot express. */
  private quoted: string | undefined;

  /** The phrase with the predicate as written ("unsupported function: match(message, \"x\")"). */
  private reason(phrase: string, fallback?: string) {
    const detail = this.quoted ?? fallback;
    this.reasons.push(detail ? `${phrase}: ${detail}` : phrase);
  }

  constructor(private readonly lineOf: (offset: number) => number) {}

  walk(commands: EsqlCommand[]): PipelineLogic {
    for (const c of commands) this.command(c);
    return {
      condition: and(...this.conditions),
      reasons: uniq(this.reasons),
      sources: this.sources,
      outputFields: uniq(this.output ?? []),
      ...(this.statsTexts.length && { correlation: this.correlation() }),
    };
  }

  private correlation(): Correlation {
    const fns = uniq(this.aggregateFunctions);
    const kind: CorrelationKind = fns.length === 1 && fns[0] === 'count' ? 'threshold' : fns.length === 1 && fns[0] === 'count_distinct' ? 'distinct_count' : 'aggregation';
    const evals = uniq(this.conditionColumns)
      .filter((name) => this.definitions.has(name))
      .map((name) => this.definitions.get(name)!);
    return {
      kind,
      by: this.groupBy,
      ...(this.window && { window: this.window }),
      ...(this.aggregateConditions.length && { condition: this.aggregateConditions.join(' and ') }),
      detail: [...this.statsTexts, ...evals].join(' | '),
    };
  }

  /** Columns an expression reads that hold aggregates, with their functions. */
  private aggregatesRead(e: EsqlExpr): Origin[] {
    return fieldsOf(e)
      .map((f) => this.resolve(f))
      .filter((o) => o.kind === 'aggregate');
  }

  private command(c: EsqlCommand): void {
    switch (c.t) {
      case 'from':
        this.sources.push(...c.sources);
        return;
      case 'where':
        // Conjuncts on aggregates are the aggregation's condition; the others filter events (or group keys).
        for (const part of c.expr.t === 'and' ? c.expr.children : [c.expr]) {
          const aggregates = this.aggregatesRead(part);
          if (!aggregates.length) {
            this.conditions.push(this.convert(part));
            continue;
          }
          this.aggregateConditions.push(exprText(part));
          for (const a of aggregates) this.aggregateFunctions.push(a.kind === 'aggregate' && a.fn ? a.fn : 'other');
          this.conditionColumns.push(...fieldsOf(part));
        }
        return;
      case 'eval':
        for (const a of c.assignments) {
          const origin = this.evalOrigin(a.expr);
          const value = origin.kind === 'computed' || origin.kind === 'predicate' ? computedValue(a.expr, a.text, (name) => this.columnValue(name)) : undefined;
          this.define(a.name, !value ? origin : origin.kind === 'predicate' ? { ...origin, value } : { kind: 'computed', value });
          this.definitions.set(a.name, `eval ${a.name} = ${a.text}`);
        }
        return;
      case 'stats':
        return this.stats(c.aggregates, c.by, c.inline, c.text ?? 'stats');
      case 'keep':
        this.output = c.fields.flatMap((f) => this.expand(f));
        return;
      case 'drop': {
        const dropped = new Set(c.fields.flatMap((f) => this.expand(f)));
        if (this.output) this.output = this.output.filter((f) => !dropped.has(f));
        return;
      }
      case 'rename':
        for (const { from, to } of c.pairs) {
          this.columns.set(to, this.columns.get(from) ?? { kind: 'alias', field: from, insensitive: false });
          if (this.output) this.output = this.output.map((f) => (f === from ? to : f));
        }
        return;
      case 'extract':
        for (const col of c.columns) {
          this.define(col, { kind: 'computed' });
          if (c.text) this.definitions.set(col, `${col} from ${c.text}`);
        }
        return;
      case 'other':
        if (c.name.startsWith('unparsed')) this.reasons.push(`ES|QL syntax error: ${c.name.slice(9)} command${c.problem ? ` (${c.problem})` : ''}`);
        else if (c.name === 'lookup join' || c.name === 'enrich') this.reasons.push(c.text ? `${c.name}: ${c.text}` : c.name);
        return;
    }
  }

  private define(name: string, origin: Origin) {
    this.columns.set(name, origin);
    if (this.output && !this.output.includes(name)) this.output.push(name);
  }

  /** `Esql.*` in keep / drop names every known column it matches, or itself when none are known. */
  private expand(pattern: string): string[] {
    if (!pattern.includes('*') || !this.output) return [pattern];
    const prefix = pattern.slice(0, pattern.indexOf('*'));
    const hits = this.output.filter((f) => f.startsWith(prefix));
    return hits.length ? hits : [pattern];
  }

  private stats(aggregates: Assignment[], by: Assignment[], inline: boolean, text: string) {
    const next = inline ? new Map(this.columns) : new Map<string, Origin>();
    for (const b of by) next.set(b.name, this.originOf(b.expr));
    for (const a of aggregates) next.set(a.name, { kind: 'aggregate', fn: a.expr.t === 'call' ? a.expr.name : undefined });
    this.columns = next;
    this.statsTexts.push(text);
    this.groupBy = by.map((b) => b.name);
    // A time bucket among the keys (date_trunc(5 minute, @timestamp), bucket(@timestamp, 1 hour)) is the window.
    const bucket = by.find((b) => b.expr.t === 'call' && (b.expr.name === 'date_trunc' || b.expr.name === 'bucket'));
    const span = bucket && /\b\d+\s*(?:ms|milliseconds?|s|seconds?|m|minutes?|h|hours?|d|days?|w|weeks?)\b/i.exec(bucket.text);
    this.window = span ? span[0] : undefined;
    const names = [...aggregates.map((a) => a.name), ...by.map((b) => b.name)];
    this.output = inline ? [...(this.output ?? []), ...names] : names;
  }

  /** A boolean expression is kept as its condition, converted now while its columns mean what they mean here. */
  private evalOrigin(e: EsqlExpr): Origin {
    if (e.t !== 'compare' && e.t !== 'and' && e.t !== 'or' && e.t !== 'not') return this.originOf(e);
    const before = this.reasons.length;
    const condition = this.convert(e);
    // Reasons found inside the definition only matter if a filter uses the column.
    const inner = this.reasons.splice(before);
    return inner.length ? { kind: 'computed' } : { kind: 'predicate', condition };
  }

  private originOf(e: EsqlExpr): Origin {
    if (e.t === 'field') return this.resolve(e.name);
    if (e.t === 'call' && (CASE_FOLDING.has(e.name) || TRANSPARENT.has(e.name)) && e.args.length === 1) {
      const inner = this.originOf(e.args[0]);
      return inner.kind === 'alias' && CASE_FOLDING.has(e.name) ? { ...inner, insensitive: true } : inner;
    }
    // A value computed from an aggregate (date_diff over min(@timestamp), a ratio of counts) is one too.
    return fieldsOf(e).some((f) => this.resolve(f).kind === 'aggregate') ? { kind: 'aggregate' } : { kind: 'computed' };
  }

  /** What a column stands for inside a computation, or undefined when it is no per-event value. */
  private columnValue(name: string): ColumnValue {
    const origin = this.resolve(name);
    if (origin.kind === 'alias') return { field: origin.field };
    if ((origin.kind === 'computed' || origin.kind === 'predicate') && origin.value) return { computed: origin.value };
    return undefined;
  }

  /** A value computed from event fields as a target: its computation written out, and the functions it calls. */
  private computedTarget(value: ComputedValue | undefined): Target | undefined {
    return value && { field: value.text, insensitive: false, computed: value.functions };
  }

  private resolve(name: string): Origin {
    return this.columns.get(name) ?? { kind: 'alias', field: name, insensitive: false };
  }

  /** The field and case-folding a value expression reads, or undefined (with the reason recorded). */
  private target(e: EsqlExpr): Target | undefined {
    const origin = e.t === 'field' || e.t === 'call' ? this.originOf(e) : ({ kind: 'computed' } as Origin);
    if (origin.kind === 'alias') return origin;
    if (e.t === 'field' && origin.kind === 'computed' && origin.value) return this.computedTarget(origin.value);
    if ((e.t === 'call' || (e.t === 'computed' && e.text)) && origin.kind !== 'aggregate') {
      const computed = this.computedTarget(computedValue(e, exprText(e), (name) => this.columnValue(name)));
      if (computed) return computed;
    }
    // to_lower(x) / to_double(x) over a grok / dissect column: the column is what cannot be mapped.
    const wrapped = e.t === 'call' && (CASE_FOLDING.has(e.name) || TRANSPARENT.has(e.name)) && e.args.length === 1 ? e.args[0] : undefined;
    if (wrapped && (wrapped.t === 'field' || wrapped.t === 'call')) return this.target(wrapped);
    if (e.t === 'call') this.reason('unsupported function', e.name);
    else if (e.t === 'field') {
      const column = this.definitions.get(e.name) ?? e.name;
      this.reasons.push(`filter on ${origin.kind === 'aggregate' ? 'aggregate' : 'computed column'}: ${column}`);
    }
    else this.reason('unsupported expression', 'computed value');
    return undefined;
  }

  private literals(list: EsqlExpr[]): Value[] | undefined {
    if (list.some((e) => e.t !== 'literal')) {
      if (list.some((e) => e.t === 'field')) this.reason('field comparison');
      else this.reason('unsupported expression', 'computed value');
      return undefined;
    }
    return list.map((e) => (e as { value: Value }).value);
  }

  convert(e: EsqlExpr): Condition | undefined {
    switch (e.t) {
      case 'and':
        return and(...e.children.map((c) => this.convert(c)));
      case 'or':
        return or(...e.children.map((c) => this.convert(c)));
      case 'not':
        return not(this.convert(e.child));
      case 'compare':
        this.quoted = e.text;
        return this.compare(e);
      case 'call':
        this.quoted = e.text;
        return this.booleanCall(e);
      case 'field': {
        this.quoted = undefined;
        const origin = this.resolve(e.name);
        if (origin.kind === 'predicate') return origin.condition;
        const t = this.target(e);
        return t && leaf(t.field, 'eq', [true], { ...computedOf(t), loc: { line: this.lineOf(e.offset) } });
      }
      case 'literal':
        return undefined;
      case 'computed':
        this.quoted = e.text;
        this.reason('unsupported expression', 'computed value');
        return undefined;
    }
  }

  private booleanCall(e: Extract<EsqlExpr, { t: 'call' }>): Condition | undefined {
    if (e.name === 'kql' && e.args.length === 1 && e.args[0].t === 'literal' && typeof e.args[0].value === 'string') {
      const embedded = kueryLogic(e.args[0].value);
      this.reasons.push(...embedded.reasons);
      return embedded.condition;
    }
    const kind = FUNCTION_KINDS[e.name];
    if (!kind) {
      this.reason('unsupported function', e.name);
      return undefined;
    }
    const [first, ...rest] = e.args;
    const t = first && this.target(first);
    if (!t) return undefined;
    const caseSensitive = kind !== 'cidr' && !t.insensitive;
    const loc = { line: this.lineOf(e.offset) };
    const other = this.otherField(t, rest);
    if (other) return leaf(t.field, kind, [], { otherField: other.field, ...(kind !== 'cidr' && !other.insensitive && { caseSensitive }), loc });
    const values = this.literals(rest);
    if (!values) return undefined;
    const textual = kind !== 'cidr' && values.some((v) => typeof v === 'string');
    return leaf(t.field, kind, values, { ...(caseSensitive || textual ? { caseSensitive } : {}), ...computedOf(t), loc });
  }

  private compare(e: Extract<EsqlExpr, { t: 'compare' }>): Condition | undefined {
    let { left, right, op } = e;
    const flag = left.t === 'field' ? this.resolve(left.name) : undefined;
    if (flag?.kind === 'predicate' && right.length === 1 && right[0].t === 'literal' && typeof right[0].value === 'boolean') {
      const wanted = (op === '==') === right[0].value;
      return wanted ? flag.condition : not(flag.condition);
    }
    if (left.t === 'literal' && right.length === 1 && right[0].t !== 'literal') {
      [left, right] = [right[0], [left]];
      op = ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op;
    }
    if (right.some((r) => r.t !== 'literal')) {
      const whole = this.computedComparison(e);
      if (whole) return whole;
    }
    const t = this.target(left);
    if (!t) return undefined;
    const loc = { line: this.lineOf(e.offset) };
    if (op === 'is_null' || op === 'is_not_null') return leaf(t.field, op, [], { ...computedOf(t), loc });
    const other = OP_KINDS[op] && op !== 'like' && op !== 'rlike' && op !== 'in' ? this.otherField(t, right) : undefined;
    if (other) {
      const caseSensitive = !t.insensitive && !other.insensitive && op !== '=~' && op !== ':';
      return leaf(t.field, OP_KINDS[op], [], { otherField: other.field, ...(caseSensitive && { caseSensitive }), loc });
    }
    const values = this.literals(right);
    if (!values) return undefined;
    if (values.length === 1 && values[0] === null) return leaf(t.field, op === '!=' ? 'is_not_null' : 'is_null', [], { loc });
    const kind = OP_KINDS[op];
    // In LIKE patterns a backslash escapes, so \\ stands for one backslash: kept as one, as other languages write it.
    const patterns = op === 'like' ? values.map((v) => (typeof v === 'string' ? v.replace(/\\\\/g, '\\') : v)) : values;
    const textual = values.some((v) => typeof v === 'string');
    // `:` is a full-text match (analysed, any term), case-insensitive; ==, LIKE, RLIKE compare case-sensitively.
    const caseSensitive = textual && !t.insensitive && op !== '=~' && op !== ':';
    return leaf(t.field, kind, patterns, { ...(textual ? { caseSensitive } : {}), ...(op === ':' ? { match: 'fulltext' as const } : {}), ...computedOf(t), loc });
  }

  /**
   * A comparison of two values the query computes from event fields (`normalized_requester != normalized_target`),
   * stated whole as a computed value that holds; undefined when one side is a plain field (an otherField leaf) or
   * reads an aggregate or a grok / dissect column.
   */
  private computedComparison(e: Extract<EsqlExpr, { t: 'compare' }>): Condition | undefined {
    const plain = (x: EsqlExpr) => x.t === 'field' && this.resolve(x.name).kind === 'alias';
    if (plain(e.left) && e.right.every(plain)) return undefined;
    const value = computedValue(e, e.text ?? exprText(e), (name) => this.columnValue(name));
    return value && leaf(value.text, 'eq', [true], { computed: value.functions, loc: { line: this.lineOf(e.offset) } });
  }

  /** The one other event field a plain field is compared with (`user.name != user.target.name`), if that is what `right` is. */
  private otherField(t: Target, right: EsqlExpr[]): Target | undefined {
    if (t.computed || right.length !== 1 || right[0].t !== 'field') return undefined;
    const origin = this.resolve(right[0].name);
    return origin.kind === 'alias' ? origin : undefined;
  }
}
