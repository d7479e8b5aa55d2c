/**
 * ES|QL pipeline → condition tree. Columns are followed through eval / rename / stats so that a `where`
 * on a source field (or an alias of one) becomes a leaf, and a `where` on an aggregate or a computed
 * column is named as the reason the logic is partial.
 */
import { and, leaf, not, or, uniq } from '../../logic/tree.ts';
import type { Condition, LeafKind, Value } from '../../logic/types.ts';
import { kueryLogic } from '../kuery/index.ts';
import type { Assignment, EsqlCommand, EsqlExpr } from './ast.ts';

type Origin =
  | { kind: 'alias'; field: string; insensitive: boolean }
  /** A boolean column defined by a condition (eval is_x = a == 1 or b like "c*"). */
  | { kind: 'predicate'; condition: Condition | undefined }
  | { kind: 'computed' }
  | { kind: 'aggregate' };

export interface PipelineLogic {
  condition?: Condition;
  reasons: string[];
  /** Index patterns of the `from` command. */
  sources: string[];
  /** Columns the query returns (keep / stats), in order. */
  outputFields: string[];
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

export function pipelineLogic(commands: EsqlCommand[], lineOf: (offset: number) => number): PipelineLogic {
  return new PipelineWalker(lineOf).walk(commands);
}

/** Names of the columns an expression reads. */
function fieldsOf(e: EsqlExpr): string[] {
  switch (e.t) {
    case 'field':
      return [e.name];
    case 'call':
      return e.args.flatMap(fieldsOf);
    case 'compare':
      return [...fieldsOf(e.left), ...e.right.flatMap(fieldsOf)];
    case 'and':
    case 'or':
      return e.children.flatMap(fieldsOf);
    case 'not':
      return fieldsOf(e.child);
    case 'computed':
      return (e.operands ?? []).flatMap(fieldsOf);
    default:
      return [];
  }
}

class PipelineWalker {
  private columns = new Map<string, Origin>();
  private output: string[] | undefined;
  private readonly reasons: string[] = [];
  private readonly conditions: (Condition | undefined)[] = [];
  private readonly sources: string[] = [];

  constructor(private readonly lineOf: (offset: number) => number) {}

  walk(commands: EsqlCommand[]): PipelineLogic {
    for (const c of commands) this.command(c);
    return { condition: and(...this.conditions), reasons: uniq(this.reasons), sources: this.sources, outputFields: uniq(this.output ?? []) };
  }

  private command(c: EsqlCommand): void {
    switch (c.t) {
      case 'from':
        this.sources.push(...c.sources);
        return;
      case 'where':
        this.conditions.push(this.convert(c.expr));
        return;
      case 'eval':
        for (const a of c.assignments) this.define(a.name, this.evalOrigin(a.expr));
        return;
      case 'stats':
        return this.stats(c.aggregates, c.by, c.inline);
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
        for (const col of c.columns) this.define(col, { kind: 'computed' });
        return;
      case 'other':
        if (c.name.startsWith('unparsed')) this.reasons.push(`ES|QL syntax error: ${c.name.slice(9)} command`);
        else if (c.name === 'lookup join' || c.name === 'enrich') this.reasons.push(c.name);
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

  private stats(aggregates: Assignment[], by: Assignment[], inline: boolean) {
    const next = inline ? new Map(this.columns) : new Map<string, Origin>();
    for (const b of by) next.set(b.name, this.originOf(b.expr));
    for (const a of aggregates) next.set(a.name, { kind: 'aggregate' });
    this.columns = next;
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

  private resolve(name: string): Origin {
    return this.columns.get(name) ?? { kind: 'alias', field: name, insensitive: false };
  }

  /** The field and case-folding a value expression reads, or undefined (with the reason recorded). */
  private target(e: EsqlExpr): { field: string; insensitive: boolean } | undefined {
    const origin = e.t === 'field' || e.t === 'call' ? this.originOf(e) : { kind: 'computed' as const };
    if (origin.kind === 'alias') return origin;
    // to_lower(x) / to_double(x) over a computed column: the column is what cannot be mapped.
    const wrapped = e.t === 'call' && (CASE_FOLDING.has(e.name) || TRANSPARENT.has(e.name)) && e.args.length === 1 ? e.args[0] : undefined;
    if (wrapped && (wrapped.t === 'field' || wrapped.t === 'call')) return this.target(wrapped);
    if (e.t === 'call') this.reasons.push(`unsupported function: ${e.name}`);
    else if (e.t === 'field') this.reasons.push(`filter on ${origin.kind === 'aggregate' ? 'aggregate' : 'computed column'}: ${e.name}`);
    else this.reasons.push('unsupported expression: computed value');
    return undefined;
  }

  private literals(list: EsqlExpr[]): Value[] | undefined {
    if (list.some((e) => e.t !== 'literal')) {
      this.reasons.push(list.some((e) => e.t === 'field') ? 'field comparison' : 'unsupported expression: computed value');
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
        return this.compare(e);
      case 'call':
        return this.booleanCall(e);
      case 'field': {
        const origin = this.resolve(e.name);
        if (origin.kind === 'predicate') return origin.condition;
        const t = this.target(e);
        return t && leaf(t.field, 'eq', [true], { loc: { line: this.lineOf(e.offset) } });
      }
      case 'literal':
        return undefined;
      case 'computed':
        this.reasons.push('unsupported expression: computed value');
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
      this.reasons.push(`unsupported function: ${e.name}`);
      return undefined;
    }
    const [first, ...rest] = e.args;
    const t = first && this.target(first);
    const values = t && this.literals(rest);
    if (!t || !values) return undefined;
    const textual = kind !== 'cidr' && values.some((v) => typeof v === 'string');
    const caseSensitive = kind !== 'cidr' && !t.insensitive;
    return leaf(t.field, kind, values, { ...(caseSensitive || textual ? { caseSensitive } : {}), loc: { line: this.lineOf(e.offset) } });
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
    const t = this.target(left);
    if (!t) return undefined;
    const loc = { line: this.lineOf(e.offset) };
    if (op === 'is_null' || op === 'is_not_null') return leaf(t.field, op, [], { loc });
    const values = this.literals(right);
    if (!values) return undefined;
    if (values.length === 1 && values[0] === null) return leaf(t.field, op === '!=' ? 'is_not_null' : 'is_null', [], { loc });
    const kind = OP_KINDS[op];
    // In LIKE patterns a backslash escapes, so \\ stands for one backslash: kept as one, as other languages write it.
    const patterns = op === 'like' ? values.map((v) => (typeof v === 'string' ? v.replace(/\\\\/g, '\\') : v)) : values;
    const textual = values.some((v) => typeof v === 'string');
    // `:` is a full-text match (analysed, any term), case-insensitive; ==, LIKE, RLIKE compare case-sensitively.
    const caseSensitive = textual && !t.insensitive && op !== '=~' && op !== ':';
    return leaf(t.field, kind, patterns, { ...(textual ? { caseSensitive } : {}), ...(op === ':' ? { match: 'fulltext' as const } : {}), loc });
  }
}
