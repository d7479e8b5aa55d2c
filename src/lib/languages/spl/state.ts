/**
 * What the pipeline knows while it walks the commands: the filter gathered so far, where each current field
 * comes from (a raw event field, or computed by eval/rex/lookup/an aggregation), and the output fields.
 * A later filter can join the event filter when every field it reads still maps to a raw event field.
 */
import { and, conjunctsOf, not, or, uniq } from '../../logic/tree.ts';
import type { Condition, Leaf, Value } from '../../logic/types.ts';
import { conditionFields, lower, type Expr, type Locate } from './expr.ts';

/** A flag computed by `eval x=if(condition, whenTrue, whenFalse)`. */
export interface Flag {
  condition: Condition;
  whenTrue: Value;
  whenFalse: Value;
}

/** A raw event field name, or the command that computed the field. */
export type Origin = { raw: string } | { computedBy: string; flag?: Flag };

function sameValue(a: Value, b: Value): boolean {
  return String(a).toLowerCase() === String(b).toLowerCase();
}

/** `flag=whenTrue` is the condition, `flag=whenFalse` its negation; anything else cannot be told. */
function inlineFlag(l: Leaf, flag: Flag): Condition | undefined {
  if ((l.kind !== 'eq' && l.kind !== 'ne') || l.values.length !== 1) return undefined;
  const [v] = l.values;
  const holds = sameValue(v, flag.whenTrue) ? true : sameValue(v, flag.whenFalse) ? false : undefined;
  if (holds === undefined) return undefined;
  return holds === (l.kind === 'eq') ? flag.condition : not(flag.condition);
}

/** A condition as text without where its leaves are written, to compare two sides' conjuncts. */
function conditionKey(c: Condition): string {
  return JSON.stringify(c, (k, v) => (k === 'loc' ? undefined : v));
}

/**
 * Either side's filter, `(A and B) or (A and C)`, written as `A and (B or C)`: what both sides require stays a
 * top-level conjunct. When one side requires nothing more than the shared part, the shared part is the filter.
 */
function eitherSide(mine: Condition[], theirs: Condition[]): Condition[] {
  const theirKeys = new Set(theirs.map(conditionKey));
  const shared = mine.filter((c) => theirKeys.has(conditionKey(c)));
  const sharedKeys = new Set(shared.map(conditionKey));
  const onlyMine = mine.filter((c) => !sharedKeys.has(conditionKey(c)));
  const onlyTheirs = theirs.filter((c) => !sharedKeys.has(conditionKey(c)));
  if (!onlyMine.length || !onlyTheirs.length) return shared;
  return [...shared, or(and(...onlyMine), and(...onlyTheirs))!];
}

const AGGREGATING = new Set(['stats', 'tstats', 'mstats', 'eventstats', 'streamstats', 'chart', 'timechart', 'transaction', 'top', 'rare']);

/** `Processes.*` against `Processes.dest` gives `dest`; undefined when the pattern does not match. */
function matchPattern(pattern: string, name: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === name ? '' : undefined;
  const [head, tail] = [pattern.slice(0, star), pattern.slice(star + 1)];
  if (name.length < head.length + tail.length || !name.startsWith(head) || !name.endsWith(tail)) return undefined;
  return name.slice(head.length, name.length - tail.length);
}

export class PipelineState {
  conjuncts: Condition[] = [];
  reasons: string[] = [];
  outputs: string[] = [];
  datamodels: string[] = [];
  /** After a transforming command, only the fields it keeps (its `by` fields) still name raw values. */
  aggregated = false;
  private origins = new Map<string, Origin>();
  /** Wildcard renames done before any aggregation (their fields are not known by name). */
  private renamePatterns: { from: string; to: string }[] = [];

  /** `locate` places leaves in the rule file (undefined: leaves carry no location). */
  constructor(readonly locate?: Locate) {}

  reason(text: string): void {
    if (!this.reasons.includes(text)) this.reasons.push(text);
  }

  origin(name: string): Origin {
    const known = this.origins.get(name);
    if (known) return known;
    for (const p of [...this.renamePatterns].reverse()) {
      const captured = matchPattern(p.to, name);
      if (captured !== undefined) return this.origins.get(p.from.replace('*', captured)) ?? { raw: p.from.replace('*', captured) };
    }
    return this.aggregated ? { computedBy: 'aggregation' } : { raw: name };
  }

  /** A fresh state for a subsearch. */
  subsearch(): PipelineState {
    return new PipelineState(this.locate);
  }

  /**
   * Takes over what an inner-joined subsearch requires and the fields it returns. A joined row carries the
   * fields of an event of each side: when the two filters read different fields, the row satisfies both.
   * When they read the same field (two CloudTrail eventNames, two integrity levels), and-ed they would
   * describe one event that cannot exist: each side then keeps its own branch, any of them, as for Sigma
   * correlations, and what both sides require stays shared.
   */
  adopt(sub: PipelineState): void {
    const mine = new Set(this.conjuncts.flatMap(conditionFields));
    const overlap = sub.conjuncts.flatMap(conditionFields).some((f) => mine.has(f));
    this.conjuncts = overlap ? eitherSide(this.conjuncts, sub.conjuncts) : [...this.conjuncts, ...sub.conjuncts];
    for (const r of sub.reasons) this.reason(r);
    this.datamodels.push(...sub.datamodels);
    for (const name of sub.outputs) this.origins.set(name, sub.origin(name));
  }

  /**
   * Takes over an appended subsearch: its rows join the stream, so a row passed this filter or that one.
   * An appended search without a filter (a lookup, a baseline) leaves the filter as it was.
   */
  append(sub: PipelineState): void {
    if (this.conjuncts.length && sub.conjuncts.length) this.conjuncts = eitherSide(this.conjuncts, sub.conjuncts);
    for (const r of sub.reasons) this.reason(r);
    this.datamodels.push(...sub.datamodels);
  }

  /** `name` now holds the raw value at `raw` (spath output=name path=raw). */
  alias(name: string, raw: string): void {
    this.origins.set(name, { raw });
  }

  computed(names: string[], by: string): void {
    for (const n of names) this.origins.set(n, { computedBy: by });
  }

  /** A transforming command: from now on only the `by` fields keep their raw origin. */
  aggregate(command: string, byFields: string[], aggregates: string[]): void {
    const keys = new Map(byFields.map((f) => [f, this.origin(f)] as const));
    if (command === 'eventstats' || command === 'streamstats') {
      this.computed(aggregates, command);
      return;
    }
    this.origins = new Map(keys);
    this.renamePatterns = [];
    this.aggregated = true;
    this.computed(aggregates, command);
    // The result rows hold the group-by fields and the aggregates (count, firstTime, values(x) as names).
    this.outputs = uniq([...byFields, ...aggregates]);
  }

  rename(from: string, to: string): void {
    if (!from.includes('*')) {
      const origin = this.origin(from);
      if (from !== to) this.origins.set(from, { computedBy: 'rename' });
      this.origins.set(to, origin);
    } else {
      if (!this.aggregated) this.renamePatterns.push({ from, to });
      for (const [name, origin] of [...this.origins.entries()]) {
        const captured = matchPattern(from, name);
        if (captured === undefined) continue;
        this.origins.delete(name);
        this.origins.set(to.replace('*', captured), origin);
      }
    }
    this.outputs = uniq(
      this.outputs.map((o) => {
        const captured = matchPattern(from, o);
        return captured === undefined ? o : to.replace('*', captured);
      }),
    );
  }

  /** Lowers a filter against the current fields; `report` says why pieces dropped out. */
  private resolve(expr: Expr, report: (reason: string) => void): Condition | boolean {
    const keep = (l: Leaf): Condition | undefined => {
      if (l.field === '*') {
        if (!this.aggregated) return l;
        report('filter after aggregation: keyword');
        return undefined;
      }
      const o = this.origin(l.field);
      if ('raw' in o) return o.raw === l.field ? l : { ...l, field: o.raw };
      const inlined = o.flag && inlineFlag(l, o.flag);
      if (inlined) return inlined;
      report(this.isAggregate(o) ? `filter after aggregation: ${l.field}` : `filter on computed field: ${l.field} (${o.computedBy})`);
      return undefined;
    };
    // An unsupported piece that reads aggregated values is, first of all, a filter after aggregation.
    const dropped = (reason: string, fields: string[]) => {
      const aggregate = fields.find((f) => f !== '*' && this.isAggregate(this.origin(f)));
      report(aggregate ? `filter after aggregation: ${aggregate}` : reason);
    };
    return lower(expr, keep, dropped);
  }

  /** Adds a filter: its leaves are renamed to raw event fields; what cannot be renamed drops out (superset). */
  filter(expr: Expr): void {
    const lowered = this.resolve(expr, (r) => this.reason(r));
    if (typeof lowered === 'boolean') return;
    this.conjuncts.push(...conjunctsOf(lowered));
  }

  /**
   * `eval name=if(condition, a, b)`: a later `name=a` means the condition held. Kept only when the condition
   * translates exactly; otherwise the field is simply computed.
   */
  defineFlag(name: string, condition: Expr, whenTrue: Value, whenFalse: Value): void {
    const problems: string[] = [];
    const lowered = this.resolve(condition, (r) => problems.push(r));
    // A flag over aggregated values is a threshold: filtering on it is a filter after aggregation.
    const computedBy = problems.some((p) => p.startsWith('filter after aggregation')) ? 'aggregation' : 'eval';
    const exact = problems.length === 0 && typeof lowered !== 'boolean' && whenTrue !== whenFalse;
    this.origins.set(name, { computedBy, flag: exact ? { condition: lowered, whenTrue, whenFalse } : undefined });
  }

  private isAggregate(o: Origin): boolean {
    return 'computedBy' in o && (AGGREGATING.has(o.computedBy) || o.computedBy === 'aggregation');
  }

  setOutputs(fields: string[]): void {
    this.outputs = uniq(fields);
  }
}
